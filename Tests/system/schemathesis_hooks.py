"""Schemathesis hooks for test_schemathesis.py: which demo user's token each operation is sent with, and
Idempotency-Keys that are never reused by accident."""
import os
import uuid

import schemathesis

# Units, users and actuals are the admin's to manage; plans and everything in them are the leader's (an admin
# may read them but not draft them). Signing out revokes the token it is sent with, so it gets one of its own.
ADMIN_PREFIXES = ("/v1/users", "/v1/units", "/v1/actuals")


# Chosen per request, never cached: an operation of the admin must not reuse the token of the leader.
@schemathesis.auth(refresh_interval=None)
class DemoUserToken:
    def get(self, case, context):
        path = case.operation.path
        if path == "/v1/sessions/current":
            return os.environ["PARLEY_FUZZ_SPARE_TOKEN"]
        if path.startswith(ADMIN_PREFIXES):
            return os.environ["PARLEY_FUZZ_ADMIN_TOKEN"]
        return os.environ["PARLEY_FUZZ_LEADER_TOKEN"]

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


@schemathesis.hook
def before_call(context, case, kwargs):
    # The generator draws keys from a small space ("0", "a", ...), so unrelated requests share one, and the
    # contract answers a key reused with another request 422 idempotency_key_reused. A unique suffix keeps
    # every valid key valid (1..255 characters) while invalid ones stay invalid, to be rejected.
    key = (case.headers or {}).get("Idempotency-Key")
    if isinstance(key, str) and 1 <= len(key) <= 255:
        case.headers["Idempotency-Key"] = key[:222] + "-" + uuid.uuid4().hex
