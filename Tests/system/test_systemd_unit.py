"""deploy/parley.service passes `systemd-analyze verify` as installed (deploy/verify-systemd-unit.sh)."""
import subprocess

from parley_process import ROOT


def test_systemd_unit_verifies():
    result = subprocess.run(["bash", str(ROOT / "deploy/verify-systemd-unit.sh")], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "deploy/parley.service OK" in result.stdout
