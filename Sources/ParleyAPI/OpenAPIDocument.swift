/// The OpenAPI 3.1 description served at `/openapi.json`: every endpoint of the contract with its parameters,
/// request and response schemas, status codes and headers.
///
/// Pretty-printed JSON in a raw string literal; `OpenAPITests` checks that it parses and lists every path.
enum OpenAPIDocument {
    static let json = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "Parley HTTP API",
            "version": "1",
            "summary": "Sales target planning: goals, negotiation, approval, tracking.",
            "description": "Parley is a server where a sales organization sets its targets together: top-down goals, bottom-up estimates backed by funnel numbers, negotiation until agreement, approval and lock, tracking against actuals, and recorded quarterly adjustments.\n\n## Conventions\n- JSON, UTF-8, `snake_case`. IDs are UUID strings in canonical lower case (RFC 9562; either case is accepted on input); timestamps RFC 3339 UTC; dates `YYYY-MM-DD`; months `YYYY-MM`; quarters `YYYY-Qn`; ISO weeks `YYYY-Www`.\n- **Every metric value is a JSON integer**, exact, within +/-9007199254740991 (2^53 - 1) and non-negative unless a field says otherwise. `currency` metrics are minor units of the plan's `currency` (cents, fen); `count` metrics whole things; `ratio` metrics basis points (10000 = 100 %). A float, a string or an out-of-range number where a value is expected is `422 validation_failed`.\n- Errors are RFC 9457 problem details (`application/problem+json`, schema `Problem`) with a stable `code`.\n- Request bodies: at most 1 MiB (`413 payload_too_large`); malformed JSON is `400 malformed_json`; unknown fields are `422 validation_failed`, so no server-owned field (`id`, `state`, `version`, `org_id`, `approved_by`, ...) can be set by a client. Request schemas say `additionalProperties: false` accordingly. `null` for an optional field is the same as leaving it out.\n- An unsupported method on a known path is `405 method_not_allowed` with an `Allow` header (each path's description lists its methods).\n- Every response carries `X-Request-Id`, the id on every log line of the request.\n- Sums stay exact: a figure that would leave +/-9007199254740991 is never returned rounded or clamped. A write that would store or imply one (a proposal's months, an adjustment's rep totals or unit totals, a plan submitted with such agreed totals) is `422` naming the field; a read whose figure would leave the range (reconciliation, progress, explain, breakdown) is `422 validation_failed` naming the figure; ratios in bps that leave it are null.\n- While the database is unreachable or restarting, every endpoint that needs it answers `503 database_unavailable` with `Retry-After` (never 500); `/readyz` answers 503.\n- While the database is unreachable or restarting, every endpoint that needs it answers `503 database_unavailable` with `Retry-After` (never 500); `/readyz` answers 503.\n\n## Authentication\n`Authorization: Bearer <token>` on every `/v1/` endpoint except `POST /v1/sessions`; `/healthz`, `/readyz`, `/metrics` and `/openapi.json` need no token. A missing, unknown or revoked token is `401 unauthenticated`; an authenticated caller whose role does not allow the request gets `403 forbidden`; any resource of another organization is `404 not_found` (its existence is never revealed). Tokens are shown once and stored hashed.\nEach instance caches authenticated tokens briefly: a revoked token, or a changed role or unit, takes effect at once on the instance that handled the change and within `PARLEY_AUTH_CACHE_SECONDS` (default 5) on other instances (`0` disables the cache).\nSession tokens (from `POST /v1/sessions`) expire a fixed `PARLEY_SESSION_HOURS` (default 12) after sign-in, whatever their use; the response says when (`expires_at`). API tokens (from `POST /v1/users/{id}/tokens`, `parley org create`, `parley demo`) last until revoked. An expired token is `401 unauthenticated`. A new password (`PATCH /v1/users/{id}` with `password`) revokes every token of the user, sessions and API tokens alike, except the token of the request when admins change their own password.\nSign-in failures are counted per e-mail (default 5) and per client address (default 20) in a sliding window (default 15 minutes); past either limit every sign-in attempt for that e-mail or from that address, right or wrong, is `429 too_many_attempts` with `Retry-After` until the oldest failure leaves the window. Successful sign-ins are not counted. The counts live in each instance's memory. The client address is the connection's peer unless `PARLEY_TRUST_FORWARDED_FOR` is set, then the last `X-Forwarded-For` entry. An unknown e-mail costs the same bcrypt work as a known one.\n\n## Limits and timeouts\nEvent streams are capped per user (`PARLEY_STREAMS_PER_USER`, default 20) and per instance (`PARLEY_STREAMS_PER_INSTANCE`, default 2000): one more is `429 too_many_streams` with `Retry-After`. A connection with no request in progress is closed after `PARLEY_HTTP_IDLE_SECONDS` (default 75), which also bounds how long a client may take to send a request header; open event streams are never cut by it.\n\n## Roles\n`admin` manages units, users, tokens and org settings and reads everything, but takes no plan decisions; `leader` may do everything a manager may on every unit, sets goals anywhere, approves plans and adjustments; `manager` acts on the units they manage and everything below them; `rep` reads plan-level information, their own assignment and the comments visible to them, and proposes, counters, accepts and comments on their own assignment; `viewer` reads everything and changes nothing. A rep never sees another rep's assignment, proposals, revisions or assignment comments (`404`). Events, audit verification and the adjustments list are readable by admins, leaders, viewers and managers of the plan's scope (others `403`); reconciliation by admins, leaders, viewers and managers of the unit reconciled (others `403`); reps see only the plan's own decisions in the approvals list, and only their own row of progress.\n\n## Optimistic concurrency\nEvery mutable resource (plan, assignment, unit, user, goal) has an integer `version` and is returned with `ETag: \"<version>\"`. Every mutation of it (PATCH, PUT, transitions, proposals, accept) requires `If-Match: \"<version>\"`: missing is `428 precondition_required`, stale is `412 version_conflict` (body `current_version`, header `ETag`). A successful mutation returns the new `ETag`. Creating a goal uses `If-None-Match: *` instead.\n\n## Idempotency\nEvery authenticated POST accepts `Idempotency-Key` (1..255 characters). A retry with the same key and the same request (method, URL and body bytes) returns the original status, body and `Content-Type`/`ETag`/`Location` headers, marked `Idempotent-Replayed: true`, without doing the work again; the same key with a different body is `422 idempotency_key_reused`. The whole request runs in one database transaction that also records its response, so the work and its record commit together: after a crash a retry either replays the committed response or does the work, once. A duplicate arriving while the first is still running waits for it and then replays its response. Keys are scoped to the caller and kept 48 hours. A 5xx response records nothing, so the request can be retried.\n\n## Lists\nList endpoints answer `{\"items\": [...], \"next_cursor\": \"...\" | null}` and take `?limit=` (default 50, max 500) and `?cursor=`. Lists that are small by nature (goals, approvals, adjustments, revisions, a rep's breakdown) return everything in one page with `next_cursor` null. The event log pages by `?after=<seq>` or its `next_cursor`. An empty `?cursor=` means the first page.\n\n## Event hash chain\nHash chain: `hash` = lowercase hex SHA-256 of the UTF-8 text `prev_hash \"\\n\" seq \"\\n\" kind \"\\n\" actor_id \"\\n\" at \"\\n\" data` (the six fields joined by single line feeds, nothing before or after), where `seq` is decimal without leading zeros, `actor_id` the lowercase UUID, `at` exactly as returned (`YYYY-MM-DDTHH:MM:SS.ffffffZ`, UTC, six fractional digits) and `data` the event's JSON text exactly as stored and returned (the `data` member's text in the response body: compact, keys sorted, no insignificant whitespace; the server never reformats it). The first event's `prev_hash` is 64 zeros; every later one is the previous event's `hash`."
          },
          "servers": [
            {
              "url": "/",
              "description": "The server that served this document."
            }
          ],
          "security": [
            {
              "bearer": []
            }
          ],
          "tags": [
            {
              "name": "Operations",
              "description": "Health, readiness, metrics and this document; no token needed."
            },
            {
              "name": "Identity",
              "description": "The caller, signing in and out."
            },
            {
              "name": "Users",
              "description": "The organization's users and their tokens."
            },
            {
              "name": "Units",
              "description": "The org tree."
            },
            {
              "name": "Plans",
              "description": "Plans and their workflow."
            },
            {
              "name": "Goals",
              "description": "Top-down goals per unit."
            },
            {
              "name": "Assignments",
              "description": "Each rep's targets and the negotiation."
            },
            {
              "name": "Comments",
              "description": "Comments on plans and assignments."
            },
            {
              "name": "Approvals",
              "description": "Recorded decisions."
            },
            {
              "name": "Adjustments",
              "description": "Changes to a locked plan."
            },
            {
              "name": "Planning",
              "description": "Planning math: funnel, reconciliation, explanation, breakdown."
            },
            {
              "name": "Actuals",
              "description": "Actuals and progress."
            },
            {
              "name": "Events",
              "description": "The event log, its audit, and the live stream."
            }
          ],
          "paths": {
            "/healthz": {
              "description": "Methods: GET. POST, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: GET`.",
              "get": {
                "operationId": "getHealth",
                "summary": "Liveness",
                "description": "`200` while the process runs. Needs no token.",
                "tags": [
                  "Operations"
                ],
                "security": [],
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Status"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  }
                }
              }
            },
            "/readyz": {
              "description": "Methods: GET. POST, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: GET`.",
              "get": {
                "operationId": "getReadiness",
                "summary": "Readiness",
                "description": "`200` when the database answers and its migrations are current, else `503 not_ready`. Needs no token.",
                "tags": [
                  "Operations"
                ],
                "security": [],
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Status"
                        }
                      }
                    }
                  },
                  "503": {
                    "description": "`not_ready`: the database is unreachable or its migrations are not current. `database_unavailable` likewise, with `Retry-After`.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Retry-After": {
                        "$ref": "#/components/headers/Retry-After"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  }
                }
              }
            },
            "/metrics": {
              "description": "Methods: GET. POST, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: GET`.",
              "get": {
                "operationId": "getMetrics",
                "summary": "Prometheus metrics",
                "description": "Prometheus text exposition: request count and latency histogram per route, database pool usage (`parley_db_pool_connections{state=\"in_use\"|\"idle\"}`). Needs no token.",
                "tags": [
                  "Operations"
                ],
                "security": [],
                "responses": {
                  "200": {
                    "description": "Prometheus text format 0.0.4 (`text/plain; version=0.0.4; charset=utf-8`).",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "text/plain": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  }
                }
              }
            },
            "/openapi.json": {
              "description": "Methods: GET. POST, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: GET`.",
              "get": {
                "operationId": "getOpenAPI",
                "summary": "This document",
                "description": "The OpenAPI 3.1 description of the API. Needs no token.",
                "tags": [
                  "Operations"
                ],
                "security": [],
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  }
                }
              }
            },
            "/v1/me": {
              "description": "Methods: GET. POST, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: GET`.",
              "get": {
                "operationId": "getMe",
                "summary": "The caller",
                "description": "The authenticated user and their organization.",
                "tags": [
                  "Identity"
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Me"
                        }
                      }
                    },
                    "links": {
                      "CreatePlanForMyUnit": {
                        "operationId": "createPlan",
                        "parameters": {},
                        "requestBody": {
                          "unit_id": "$response.body#/user/unit_id",
                          "metrics": null,
                          "approver_ids": null,
                          "required_approvals": null
                        },
                        "description": "A plan for the caller's unit with the default metrics and approvers."
                      },
                      "ListPlansInDiscussion": {
                        "operationId": "listPlans",
                        "parameters": {
                          "query.state": "in_discussion"
                        },
                        "description": "The plans being negotiated."
                      },
                      "ListUnits": {
                        "operationId": "listUnits",
                        "parameters": {},
                        "description": "The org tree."
                      },
                      "ListUsers": {
                        "operationId": "listUsers",
                        "parameters": {},
                        "description": "The organization's users (admins)."
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/sessions": {
              "description": "Methods: POST. GET, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: POST`.",
              "post": {
                "operationId": "createSession",
                "summary": "Sign in",
                "description": "Exchanges an e-mail address and password for a new session token, which expires `PARLEY_SESSION_HOURS` (default 12) after this sign-in (`expires_at`); it is not extended by use. Needs no token. `Idempotency-Key` is not honoured here (keys are scoped to an authenticated caller). Failed attempts are counted per e-mail and per client address; past the limits, attempts are refused with `429` (see the Authentication section).",
                "tags": [
                  "Identity"
                ],
                "security": [],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/SessionCreate"
                      }
                    }
                  }
                },
                "responses": {
                  "201": {
                    "description": "Signed in.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Session"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/MalformedJSON"
                  },
                  "401": {
                    "description": "`unauthenticated`: wrong e-mail or password (or a present `Authorization` header carries an invalid token). Counts as a failed sign-in.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManySignInAttempts"
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge"
                  },
                  "422": {
                    "description": "`validation_failed`: a field is missing, has the wrong type, is out of range, is a float where an integer is expected, or is unknown (unknown fields are rejected, so server-owned fields such as `id`, `state`, `version`, `org_id` or `approved_by` cannot be set); `errors` lists each.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/sessions/current": {
              "description": "Methods: DELETE. GET, POST, PUT, PATCH on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: DELETE`.",
              "delete": {
                "operationId": "deleteCurrentSession",
                "summary": "Sign out",
                "description": "Revokes the token used for this request. It stops working at once on the instance that handled the request, and within `PARLEY_AUTH_CACHE_SECONDS` (default 5) on other instances.",
                "tags": [
                  "Identity"
                ],
                "responses": {
                  "204": {
                    "description": "The token is revoked.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/users": {
              "description": "Methods: GET, POST. PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: GET, POST`.",
              "post": {
                "operationId": "createUser",
                "summary": "Create a user",
                "description": "Admins only.",
                "tags": [
                  "Users"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/UserCreate"
                      }
                    }
                  }
                },
                "responses": {
                  "201": {
                    "description": "Created.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/User"
                        }
                      }
                    },
                    "links": {
                      "GetUser": {
                        "operationId": "getUser",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The user."
                      },
                      "UpdateUser": {
                        "operationId": "updateUser",
                        "parameters": {
                          "path.id": "$response.body#/id",
                          "header.If-Match": "$response.header.ETag"
                        },
                        "description": "Change this version of the user."
                      },
                      "CreateUserToken": {
                        "operationId": "createUserToken",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "Issue a token for the user."
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/MalformedJSON"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "description": "`forbidden`: the caller is not an admin.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "409": {
                    "description": "`conflict`: a user with this e-mail already exists in the organization.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge"
                  },
                  "422": {
                    "description": "`validation_failed`: a field is missing, has the wrong type, is out of range, is a float where an integer is expected, or is unknown (unknown fields are rejected, so server-owned fields such as `id`, `state`, `version`, `org_id` or `approved_by` cannot be set); `errors` lists each. An unknown `unit_id` is reported on `unit_id`. `idempotency_key_reused`: this `Idempotency-Key` was used with a different request.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              },
              "get": {
                "operationId": "listUsers",
                "summary": "List users",
                "description": "Every user of the organization, ordered by id. Admins, leaders, managers and viewers; reps are refused.",
                "tags": [
                  "Users"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/Limit"
                  },
                  {
                    "$ref": "#/components/parameters/Cursor"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/UserList"
                        }
                      }
                    },
                    "links": {
                      "GetFirstUser": {
                        "operationId": "getUser",
                        "parameters": {
                          "path.id": "$response.body#/items/0/id"
                        },
                        "description": "The first user of the page."
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "description": "`forbidden`: reps may not list users.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "422": {
                    "description": "`validation_failed`: `limit` is not 1..500 or `cursor` is not a cursor of this list.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/users/{id}": {
              "description": "Methods: GET, PATCH. POST, PUT, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: GET, PATCH`.",
              "get": {
                "operationId": "getUser",
                "summary": "Get a user",
                "description": "Any user may read themself; admins, leaders, viewers and managers may read anyone in the organization.",
                "tags": [
                  "Users"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/UserId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/User"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "description": "`forbidden`: a rep reading another user.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              },
              "patch": {
                "operationId": "updateUser",
                "summary": "Change a user",
                "description": "Admins only. A changed role or unit applies to the user's tokens at once on the instance that handled the change, and within `PARLEY_AUTH_CACHE_SECONDS` (default 5) on other instances. A new `password` revokes every token of the user (sessions and API tokens) in the same transaction, except the token of this request when admins change their own password; open event streams of the revoked tokens end at their next heartbeat.",
                "tags": [
                  "Users"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/UserId"
                  },
                  {
                    "$ref": "#/components/parameters/IfMatch"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/UserUpdate"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "Changed; `ETag` is the new version.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/User"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/MalformedJSON"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "description": "`forbidden`: the caller is not an admin.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "409": {
                    "description": "`conflict`: another user of the organization has this e-mail.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "412": {
                    "$ref": "#/components/responses/VersionConflict"
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge"
                  },
                  "422": {
                    "description": "`validation_failed`: a field is missing, has the wrong type, is out of range, is a float where an integer is expected, or is unknown (unknown fields are rejected, so server-owned fields such as `id`, `state`, `version`, `org_id` or `approved_by` cannot be set); `errors` lists each.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "428": {
                    "$ref": "#/components/responses/PreconditionRequired"
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/users/{id}/tokens": {
              "description": "Methods: POST. GET, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: POST`.",
              "post": {
                "operationId": "createUserToken",
                "summary": "Issue a token",
                "description": "Issues a new API token for the user: admins for anyone, any user for themself. The token is shown once and stored hashed. No request body. API tokens do not expire; they work until revoked (`DELETE /v1/sessions/current` with the token, or a new password for the user).",
                "tags": [
                  "Users"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/UserId"
                  },
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "responses": {
                  "201": {
                    "description": "Issued.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Token"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "description": "`forbidden`: neither an admin nor the user themself.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge"
                  },
                  "422": {
                    "description": "`idempotency_key_reused`: this `Idempotency-Key` was used with a different request.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/units": {
              "description": "Methods: GET, POST. PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: GET, POST`.",
              "post": {
                "operationId": "createUnit",
                "summary": "Create a unit",
                "description": "Admins only.",
                "tags": [
                  "Units"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/UnitCreate"
                      }
                    }
                  }
                },
                "responses": {
                  "201": {
                    "description": "Created.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Unit"
                        }
                      }
                    },
                    "links": {
                      "GetUnit": {
                        "operationId": "getUnit",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The unit."
                      },
                      "UpdateUnit": {
                        "operationId": "updateUnit",
                        "parameters": {
                          "path.id": "$response.body#/id",
                          "header.If-Match": "$response.header.ETag"
                        },
                        "description": "Change this version of the unit."
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/MalformedJSON"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "description": "`forbidden`: the caller is not an admin.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge"
                  },
                  "422": {
                    "description": "`validation_failed`: a field is missing, has the wrong type, is out of range, is a float where an integer is expected, or is unknown (unknown fields are rejected, so server-owned fields such as `id`, `state`, `version`, `org_id` or `approved_by` cannot be set); `errors` lists each. An unknown `parent_id` or `manager_id` is reported on that field. `idempotency_key_reused`: this `Idempotency-Key` was used with a different request.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              },
              "get": {
                "operationId": "listUnits",
                "summary": "List units",
                "description": "The whole org tree as a flat list, ordered by id. Every role.",
                "tags": [
                  "Units"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/Limit"
                  },
                  {
                    "$ref": "#/components/parameters/Cursor"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/UnitList"
                        }
                      }
                    },
                    "links": {
                      "GetFirstUnit": {
                        "operationId": "getUnit",
                        "parameters": {
                          "path.id": "$response.body#/items/0/id"
                        },
                        "description": "The first unit of the page."
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "422": {
                    "description": "`validation_failed`: `limit` is not 1..500 or `cursor` is not a cursor of this list.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/units/{id}": {
              "description": "Methods: GET, PATCH. POST, PUT, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: GET, PATCH`.",
              "get": {
                "operationId": "getUnit",
                "summary": "Get a unit",
                "description": "Every role.",
                "tags": [
                  "Units"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/UnitId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Unit"
                        }
                      }
                    },
                    "links": {
                      "GetUnit": {
                        "operationId": "getUnit",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The unit."
                      },
                      "UpdateUnit": {
                        "operationId": "updateUnit",
                        "parameters": {
                          "path.id": "$response.body#/id",
                          "header.If-Match": "$response.header.ETag"
                        },
                        "description": "Change this version of the unit."
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              },
              "patch": {
                "operationId": "updateUnit",
                "summary": "Change a unit",
                "description": "Admins only. Moves of one organization's units are serialized, so two concurrent moves cannot make a cycle together.",
                "tags": [
                  "Units"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/UnitId"
                  },
                  {
                    "$ref": "#/components/parameters/IfMatch"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/UnitUpdate"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "Changed; `ETag` is the new version.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Unit"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/MalformedJSON"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "description": "`forbidden`: the caller is not an admin.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "412": {
                    "$ref": "#/components/responses/VersionConflict"
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge"
                  },
                  "422": {
                    "description": "`validation_failed`: a field is missing, has the wrong type, is out of range, is a float where an integer is expected, or is unknown (unknown fields are rejected, so server-owned fields such as `id`, `state`, `version`, `org_id` or `approved_by` cannot be set); `errors` lists each. A new parent that would make a cycle, or an unknown parent or manager, is reported on `parent_id`/`manager_id`.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "428": {
                    "$ref": "#/components/responses/PreconditionRequired"
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/plans": {
              "description": "Methods: GET, POST. PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: GET, POST`.",
              "post": {
                "operationId": "createPlan",
                "summary": "Create a plan",
                "description": "A leader, or a manager of `unit_id` (or of a unit above it). The plan starts in `draft`. Defaults: the metrics revenue/qualified_leads/visits, 12 months, currency CNY, 3 ramp months, stretch limit 13000 bps, tolerance 100 bps, approvers = the organization's leaders, 1 required approval.",
                "tags": [
                  "Plans"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/PlanCreate"
                      }
                    }
                  }
                },
                "responses": {
                  "201": {
                    "description": "Created in `draft`.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Plan"
                        }
                      }
                    },
                    "links": {
                      "GetPlan": {
                        "operationId": "getPlan",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan."
                      },
                      "UpdatePlan": {
                        "operationId": "updatePlan",
                        "parameters": {
                          "path.id": "$response.body#/id",
                          "header.If-Match": "$response.header.ETag"
                        },
                        "description": "Change the draft."
                      },
                      "TransitionPlan": {
                        "operationId": "transitionPlan",
                        "parameters": {
                          "path.id": "$response.body#/id",
                          "header.If-Match": "$response.header.ETag"
                        },
                        "description": "Take a workflow action on this version."
                      },
                      "PublishPlan": {
                        "operationId": "transitionPlan",
                        "parameters": {
                          "path.id": "$response.body#/id",
                          "header.If-Match": "$response.header.ETag"
                        },
                        "requestBody": {
                          "action": "publish"
                        },
                        "x-schemathesis": {
                          "merge_body": false
                        },
                        "description": "Publish this version (needs the goal of the scope unit)."
                      },
                      "OpenDiscussion": {
                        "operationId": "transitionPlan",
                        "parameters": {
                          "path.id": "$response.body#/id",
                          "header.If-Match": "$response.header.ETag"
                        },
                        "requestBody": {
                          "action": "open_discussion"
                        },
                        "x-schemathesis": {
                          "merge_body": false
                        },
                        "description": "Open the published plan for discussion."
                      },
                      "PutScopeGoal": {
                        "operationId": "putGoal",
                        "parameters": {
                          "path.id": "$response.body#/id",
                          "path.unit_id": "$response.body#/unit_id",
                          "header.If-None-Match": "*"
                        },
                        "requestBody": {
                          "values": {
                            "revenue": {
                              "annual": 1200000000,
                              "distribution": "even"
                            }
                          },
                          "capacity": null
                        },
                        "x-schemathesis": {
                          "merge_body": false
                        },
                        "description": "Create the scope unit's goal (the guard of `publish`), for a plan with the default metrics."
                      },
                      "ListGoals": {
                        "operationId": "listGoals",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan's goals."
                      },
                      "ListAssignments": {
                        "operationId": "listAssignments",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan's assignments (one per rep once published)."
                      },
                      "CreateComment": {
                        "operationId": "createComment",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "Comment on the plan."
                      },
                      "ListComments": {
                        "operationId": "listComments",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan's comments."
                      },
                      "ListApprovals": {
                        "operationId": "listApprovals",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan's recorded decisions."
                      },
                      "ListAdjustments": {
                        "operationId": "listAdjustments",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan's adjustments."
                      },
                      "CreateAdjustment": {
                        "operationId": "createAdjustment",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "Request an adjustment (plan `locked`)."
                      },
                      "GetReconciliation": {
                        "operationId": "getReconciliation",
                        "parameters": {
                          "path.id": "$response.body#/id",
                          "query.unit_id": "$response.body#/unit_id"
                        },
                        "description": "Reconcile the scope unit."
                      },
                      "GetProgress": {
                        "operationId": "getProgress",
                        "parameters": {
                          "path.id": "$response.body#/id",
                          "query.unit_id": "$response.body#/unit_id"
                        },
                        "description": "Progress of the scope unit."
                      },
                      "ListEvents": {
                        "operationId": "listEvents",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan's event log."
                      },
                      "VerifyAudit": {
                        "operationId": "verifyAudit",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "Verify the plan's hash chain."
                      },
                      "StreamEvents": {
                        "operationId": "streamEvents",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan's events as they happen."
                      },
                      "ExportTargets": {
                        "operationId": "exportTargets",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan's targets as CSV."
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/MalformedJSON"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "description": "`forbidden`: neither a leader nor a manager of `unit_id`.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge"
                  },
                  "422": {
                    "description": "`validation_failed`: a field is missing, has the wrong type, is out of range, is a float where an integer is expected, or is unknown (unknown fields are rejected, so server-owned fields such as `id`, `state`, `version`, `org_id` or `approved_by` cannot be set); `errors` lists each. Also: unknown `unit_id`, duplicate metric keys, approvers who are not leaders or managers of the organization, `required_approvals` above the number of approvers. `idempotency_key_reused`: this `Idempotency-Key` was used with a different request.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              },
              "get": {
                "operationId": "listPlans",
                "summary": "List plans",
                "description": "Every plan of the organization, ordered by id, optionally in one state. Every role.",
                "tags": [
                  "Plans"
                ],
                "parameters": [
                  {
                    "name": "state",
                    "in": "query",
                    "required": false,
                    "description": "Only plans in this state (`422` for an unknown state).",
                    "schema": {
                      "$ref": "#/components/schemas/PlanState"
                    }
                  },
                  {
                    "$ref": "#/components/parameters/Limit"
                  },
                  {
                    "$ref": "#/components/parameters/Cursor"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/PlanList"
                        }
                      }
                    },
                    "links": {
                      "GetFirstPlan": {
                        "operationId": "getPlan",
                        "parameters": {
                          "path.id": "$response.body#/items/0/id"
                        },
                        "description": "The first plan of the page."
                      },
                      "ListAssignmentsOfFirstPlan": {
                        "operationId": "listAssignments",
                        "parameters": {
                          "path.id": "$response.body#/items/0/id"
                        },
                        "description": "The assignments of the first plan of the page."
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "422": {
                    "description": "`validation_failed`: unknown `state`, `limit` not 1..500, or a bad `cursor`.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/plans/{id}": {
              "description": "Methods: GET, PATCH. POST, PUT, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: GET, PATCH`.",
              "get": {
                "operationId": "getPlan",
                "summary": "Get a plan",
                "description": "Every role. `allowed_actions` are the caller's.",
                "tags": [
                  "Plans"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PlanId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Plan"
                        }
                      }
                    },
                    "links": {
                      "GetPlan": {
                        "operationId": "getPlan",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan."
                      },
                      "UpdatePlan": {
                        "operationId": "updatePlan",
                        "parameters": {
                          "path.id": "$response.body#/id",
                          "header.If-Match": "$response.header.ETag"
                        },
                        "description": "Change the draft."
                      },
                      "TransitionPlan": {
                        "operationId": "transitionPlan",
                        "parameters": {
                          "path.id": "$response.body#/id",
                          "header.If-Match": "$response.header.ETag"
                        },
                        "description": "Take a workflow action on this version."
                      },
                      "PublishPlan": {
                        "operationId": "transitionPlan",
                        "parameters": {
                          "path.id": "$response.body#/id",
                          "header.If-Match": "$response.header.ETag"
                        },
                        "requestBody": {
                          "action": "publish"
                        },
                        "x-schemathesis": {
                          "merge_body": false
                        },
                        "description": "Publish this version (needs the goal of the scope unit)."
                      },
                      "OpenDiscussion": {
                        "operationId": "transitionPlan",
                        "parameters": {
                          "path.id": "$response.body#/id",
                          "header.If-Match": "$response.header.ETag"
                        },
                        "requestBody": {
                          "action": "open_discussion"
                        },
                        "x-schemathesis": {
                          "merge_body": false
                        },
                        "description": "Open the published plan for discussion."
                      },
                      "PutScopeGoal": {
                        "operationId": "putGoal",
                        "parameters": {
                          "path.id": "$response.body#/id",
                          "path.unit_id": "$response.body#/unit_id",
                          "header.If-None-Match": "*"
                        },
                        "requestBody": {
                          "values": {
                            "revenue": {
                              "annual": 1200000000,
                              "distribution": "even"
                            }
                          },
                          "capacity": null
                        },
                        "x-schemathesis": {
                          "merge_body": false
                        },
                        "description": "Create the scope unit's goal (the guard of `publish`), for a plan with the default metrics."
                      },
                      "ListGoals": {
                        "operationId": "listGoals",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan's goals."
                      },
                      "ListAssignments": {
                        "operationId": "listAssignments",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan's assignments (one per rep once published)."
                      },
                      "CreateComment": {
                        "operationId": "createComment",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "Comment on the plan."
                      },
                      "ListComments": {
                        "operationId": "listComments",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan's comments."
                      },
                      "ListApprovals": {
                        "operationId": "listApprovals",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan's recorded decisions."
                      },
                      "ListAdjustments": {
                        "operationId": "listAdjustments",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan's adjustments."
                      },
                      "CreateAdjustment": {
                        "operationId": "createAdjustment",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "Request an adjustment (plan `locked`)."
                      },
                      "GetReconciliation": {
                        "operationId": "getReconciliation",
                        "parameters": {
                          "path.id": "$response.body#/id",
                          "query.unit_id": "$response.body#/unit_id"
                        },
                        "description": "Reconcile the scope unit."
                      },
                      "GetProgress": {
                        "operationId": "getProgress",
                        "parameters": {
                          "path.id": "$response.body#/id",
                          "query.unit_id": "$response.body#/unit_id"
                        },
                        "description": "Progress of the scope unit."
                      },
                      "ListEvents": {
                        "operationId": "listEvents",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan's event log."
                      },
                      "VerifyAudit": {
                        "operationId": "verifyAudit",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "Verify the plan's hash chain."
                      },
                      "StreamEvents": {
                        "operationId": "streamEvents",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan's events as they happen."
                      },
                      "ExportTargets": {
                        "operationId": "exportTargets",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan's targets as CSV."
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              },
              "patch": {
                "operationId": "updatePlan",
                "summary": "Change a draft plan",
                "description": "A leader, or a manager of the plan's scope; only while the plan is `draft`. Moving the plan to another `unit_id` needs the same right on that unit.",
                "tags": [
                  "Plans"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PlanId"
                  },
                  {
                    "$ref": "#/components/parameters/IfMatch"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/PlanUpdate"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "Changed; `ETag` is the new version.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Plan"
                        }
                      }
                    },
                    "links": {
                      "GetPlan": {
                        "operationId": "getPlan",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan."
                      },
                      "UpdatePlan": {
                        "operationId": "updatePlan",
                        "parameters": {
                          "path.id": "$response.body#/id",
                          "header.If-Match": "$response.header.ETag"
                        },
                        "description": "Change the draft."
                      },
                      "TransitionPlan": {
                        "operationId": "transitionPlan",
                        "parameters": {
                          "path.id": "$response.body#/id",
                          "header.If-Match": "$response.header.ETag"
                        },
                        "description": "Take a workflow action on this version."
                      },
                      "PublishPlan": {
                        "operationId": "transitionPlan",
                        "parameters": {
                          "path.id": "$response.body#/id",
                          "header.If-Match": "$response.header.ETag"
                        },
                        "requestBody": {
                          "action": "publish"
                        },
                        "x-schemathesis": {
                          "merge_body": false
                        },
                        "description": "Publish this version (needs the goal of the scope unit)."
                      },
                      "OpenDiscussion": {
                        "operationId": "transitionPlan",
                        "parameters": {
                          "path.id": "$response.body#/id",
                          "header.If-Match": "$response.header.ETag"
                        },
                        "requestBody": {
                          "action": "open_discussion"
                        },
                        "x-schemathesis": {
                          "merge_body": false
                        },
                        "description": "Open the published plan for discussion."
                      },
                      "PutScopeGoal": {
                        "operationId": "putGoal",
                        "parameters": {
                          "path.id": "$response.body#/id",
                          "path.unit_id": "$response.body#/unit_id",
                          "header.If-None-Match": "*"
                        },
                        "requestBody": {
                          "values": {
                            "revenue": {
                              "annual": 1200000000,
                              "distribution": "even"
                            }
                          },
                          "capacity": null
                        },
                        "x-schemathesis": {
                          "merge_body": false
                        },
                        "description": "Create the scope unit's goal (the guard of `publish`), for a plan with the default metrics."
                      },
                      "ListGoals": {
                        "operationId": "listGoals",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan's goals."
                      },
                      "ListAssignments": {
                        "operationId": "listAssignments",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan's assignments (one per rep once published)."
                      },
                      "CreateComment": {
                        "operationId": "createComment",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "Comment on the plan."
                      },
                      "ListComments": {
                        "operationId": "listComments",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan's comments."
                      },
                      "ListApprovals": {
                        "operationId": "listApprovals",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan's recorded decisions."
                      },
                      "ListAdjustments": {
                        "operationId": "listAdjustments",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan's adjustments."
                      },
                      "CreateAdjustment": {
                        "operationId": "createAdjustment",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "Request an adjustment (plan `locked`)."
                      },
                      "GetReconciliation": {
                        "operationId": "getReconciliation",
                        "parameters": {
                          "path.id": "$response.body#/id",
                          "query.unit_id": "$response.body#/unit_id"
                        },
                        "description": "Reconcile the scope unit."
                      },
                      "GetProgress": {
                        "operationId": "getProgress",
                        "parameters": {
                          "path.id": "$response.body#/id",
                          "query.unit_id": "$response.body#/unit_id"
                        },
                        "description": "Progress of the scope unit."
                      },
                      "ListEvents": {
                        "operationId": "listEvents",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan's event log."
                      },
                      "VerifyAudit": {
                        "operationId": "verifyAudit",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "Verify the plan's hash chain."
                      },
                      "StreamEvents": {
                        "operationId": "streamEvents",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan's events as they happen."
                      },
                      "ExportTargets": {
                        "operationId": "exportTargets",
                        "parameters": {
                          "path.id": "$response.body#/id"
                        },
                        "description": "The plan's targets as CSV."
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/MalformedJSON"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "description": "`forbidden`: neither a leader nor a manager of the plan's scope (or of the new unit).",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "409": {
                    "description": "`invalid_state`: the plan is not `draft`, or `months`/`metrics` would change while goals exist.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "412": {
                    "$ref": "#/components/responses/VersionConflict"
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge"
                  },
                  "422": {
                    "description": "`validation_failed`: a field is missing, has the wrong type, is out of range, is a float where an integer is expected, or is unknown (unknown fields are rejected, so server-owned fields such as `id`, `state`, `version`, `org_id` or `approved_by` cannot be set); `errors` lists each.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "428": {
                    "$ref": "#/components/responses/PreconditionRequired"
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/plans/{id}/transitions": {
              "description": "Methods: POST. GET, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: POST`.",
              "post": {
                "operationId": "transitionPlan",
                "summary": "Take a workflow action",
                "description": "Moves the plan through `draft -> proposed -> in_discussion -> pending_approval -> locked -> archived` (see `PlanAction` for who may take which action and its guard). Checked in this order: the version (`412`), the action's starting state (`409 invalid_transition` with `allowed_actions`), the caller's right (`403`), the guard (`422 guard_failed` with `reasons`). `approve` records the approval and locks the plan only once `required_approvals` distinct approvers approved since the last submission (until then the plan stays `pending_approval`); locking records revision 1 of every assignment. `submit_for_approval`, `approve` and `reject` are recorded as approvals.",
                "tags": [
                  "Plans"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PlanId"
                  },
                  {
                    "$ref": "#/components/parameters/IfMatch"
                  },
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/TransitionRequest"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The plan after the action; `ETag` is the new version.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Plan"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/MalformedJSON"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "description": "`forbidden`: the caller's role may not take this action on this plan (e.g. an approver approving their own submission).",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "409": {
                    "description": "`invalid_transition`: the action does not start from the plan's current state; `allowed_actions` lists what the caller may do instead.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "412": {
                    "$ref": "#/components/responses/VersionConflict"
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge"
                  },
                  "422": {
                    "description": "`validation_failed`: a field is missing, has the wrong type, is out of range, is a float where an integer is expected, or is unknown (unknown fields are rejected, so server-owned fields such as `id`, `state`, `version`, `org_id` or `approved_by` cannot be set); `errors` lists each. `guard_failed`: the action's guard fails; `reasons` says why (no goal for the scope unit; an assignment not agreed; an agreed sum outside tolerance without a comment; already approved; `reject` without a comment). `idempotency_key_reused`: this `Idempotency-Key` was used with a different request.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "428": {
                    "$ref": "#/components/responses/PreconditionRequired"
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/plans/{id}/goals": {
              "description": "Methods: GET. POST, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: GET`.",
              "get": {
                "operationId": "listGoals",
                "summary": "List goals",
                "description": "Every unit goal of the plan, ordered by unit id, in one page (`next_cursor` is null). Every role (goals are plan-level information).",
                "tags": [
                  "Goals"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PlanId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/GoalList"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/plans/{id}/goals/{unit_id}": {
              "description": "Methods: PUT. GET, POST, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: PUT`.",
              "put": {
                "operationId": "putGoal",
                "summary": "Create or replace a unit's goal",
                "description": "A leader; a manager of the unit's parent (or above); or a manager of the scope for the scope unit itself. The unit must be in the plan's scope subtree, and the plan `draft`, `proposed` or `in_discussion`. A goal is its own resource with its own `version`: creating one needs `If-None-Match: *`, replacing one needs `If-Match` of the goal. The server resolves every input to monthly values that sum exactly to `annual` (see `Distribution`) and returns them.",
                "tags": [
                  "Goals"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PlanId"
                  },
                  {
                    "$ref": "#/components/parameters/GoalUnitId"
                  },
                  {
                    "name": "If-Match",
                    "in": "header",
                    "required": false,
                    "description": "`\"<version>\"` of the goal, to replace it. Stale: `412 version_conflict`. One of `If-Match` and `If-None-Match` is required (`428` otherwise).",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "If-None-Match",
                    "in": "header",
                    "required": false,
                    "description": "`*`, to create the goal. When the goal already exists: `412 version_conflict` with its `current_version`.",
                    "schema": {
                      "type": "string",
                      "enum": [
                        "*"
                      ]
                    }
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/GoalPut"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "Replaced; `ETag` is the goal's new version.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Goal"
                        }
                      }
                    },
                    "links": {
                      "GetPlan": {
                        "operationId": "getPlan",
                        "parameters": {
                          "path.id": "$request.path.id"
                        },
                        "description": "The plan (its `ETag` is needed to `publish`)."
                      },
                      "ReplaceGoal": {
                        "operationId": "putGoal",
                        "parameters": {
                          "path.id": "$request.path.id",
                          "path.unit_id": "$response.body#/unit_id",
                          "header.If-Match": "$response.header.ETag"
                        },
                        "description": "Replace this version of the goal."
                      }
                    }
                  },
                  "201": {
                    "description": "Created; `ETag` is the goal's version (1).",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Goal"
                        }
                      }
                    },
                    "links": {
                      "GetPlan": {
                        "operationId": "getPlan",
                        "parameters": {
                          "path.id": "$request.path.id"
                        },
                        "description": "The plan (its `ETag` is needed to `publish`)."
                      },
                      "ReplaceGoal": {
                        "operationId": "putGoal",
                        "parameters": {
                          "path.id": "$request.path.id",
                          "path.unit_id": "$response.body#/unit_id",
                          "header.If-Match": "$response.header.ETag"
                        },
                        "description": "Replace this version of the goal."
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/MalformedJSON"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "description": "`forbidden`: the caller may not set this unit's goal.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "`not_found`: no such plan or unit, or `If-Match` was sent for a goal that does not exist yet.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "409": {
                    "description": "`invalid_state`: the plan is `pending_approval`, `locked` or `archived`.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "412": {
                    "description": "`version_conflict`: `If-Match` names a version that is no longer current, or `If-None-Match: *` was sent and the goal already exists. The body's `current_version` and the `ETag` header give the goal's current version.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge"
                  },
                  "422": {
                    "description": "`validation_failed`: a field is missing, has the wrong type, is out of range, is a float where an integer is expected, or is unknown (unknown fields are rejected, so server-owned fields such as `id`, `state`, `version`, `org_id` or `approved_by` cannot be set); `errors` lists each. Also: the unit is outside the plan's scope; a metric, or capacity key, the plan does not have; a negative capacity; months not one per plan month; weights not one per plan month; a sum above 9007199254740991.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "428": {
                    "description": "`precondition_required`: neither `If-None-Match: *` nor `If-Match` was sent.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/plans/{id}/assignments": {
              "description": "Methods: GET. POST, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: GET`.",
              "get": {
                "operationId": "listAssignments",
                "summary": "List assignments",
                "description": "The assignments the caller may see, ordered by rep id, with their proposals: admins, leaders and viewers see all; managers those of reps in units they manage or below; a rep only their own.",
                "tags": [
                  "Assignments"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PlanId"
                  },
                  {
                    "name": "unit_id",
                    "in": "query",
                    "required": false,
                    "description": "Only assignments of reps in this unit (not its subtree).",
                    "schema": {
                      "type": "string",
                      "format": "uuid"
                    }
                  },
                  {
                    "$ref": "#/components/parameters/Limit"
                  },
                  {
                    "$ref": "#/components/parameters/Cursor"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/AssignmentList"
                        }
                      }
                    },
                    "links": {
                      "GetFirstAssignment": {
                        "operationId": "getAssignment",
                        "parameters": {
                          "path.id": "$request.path.id",
                          "path.rep_id": "$response.body#/items/0/rep_id"
                        },
                        "description": "The first assignment of the page."
                      },
                      "ProposeOnFirstAssignment": {
                        "operationId": "createProposal",
                        "parameters": {
                          "path.id": "$request.path.id",
                          "path.rep_id": "$response.body#/items/0/rep_id",
                          "header.If-Match": "\"{$response.body#/items/0/version}\""
                        },
                        "requestBody": {
                          "values": {
                            "revenue": {
                              "annual": 100000000,
                              "distribution": "even"
                            }
                          }
                        },
                        "x-schemathesis": {
                          "merge_body": false
                        },
                        "description": "Propose an annual revenue on the first assignment of the page."
                      },
                      "AcceptFirstProposalOfFirstAssignment": {
                        "operationId": "acceptProposal",
                        "parameters": {
                          "path.id": "$request.path.id",
                          "path.rep_id": "$response.body#/items/0/rep_id",
                          "path.proposal_id": "$response.body#/items/0/proposals/0/id",
                          "header.If-Match": "\"{$response.body#/items/0/version}\""
                        },
                        "description": "Accept the first proposal of the first assignment of the page (only the other side may)."
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "422": {
                    "description": "`validation_failed`: `unit_id` is not a UUID, `limit` not 1..500, or a bad `cursor`.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/plans/{id}/assignments/{rep_id}": {
              "description": "Methods: GET. POST, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: GET`.",
              "get": {
                "operationId": "getAssignment",
                "summary": "Get an assignment",
                "description": "A rep sees only their own assignment (another rep's is `404`, never `403`); a manager those of reps in units they manage or below (others `404`); admins, leaders and viewers all.",
                "tags": [
                  "Assignments"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PlanId"
                  },
                  {
                    "$ref": "#/components/parameters/RepId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Assignment"
                        }
                      }
                    },
                    "links": {
                      "CreateProposal": {
                        "operationId": "createProposal",
                        "parameters": {
                          "path.id": "$request.path.id",
                          "path.rep_id": "$response.body#/rep_id",
                          "header.If-Match": "$response.header.ETag"
                        },
                        "description": "Propose on this version of the assignment."
                      },
                      "ProposeRevenue": {
                        "operationId": "createProposal",
                        "parameters": {
                          "path.id": "$request.path.id",
                          "path.rep_id": "$response.body#/rep_id",
                          "header.If-Match": "$response.header.ETag"
                        },
                        "requestBody": {
                          "values": {
                            "revenue": {
                              "annual": 100000000,
                              "distribution": "even"
                            }
                          }
                        },
                        "x-schemathesis": {
                          "merge_body": false
                        },
                        "description": "Propose an annual revenue on this version of the assignment (a plan with the default metrics)."
                      },
                      "AcceptFirstProposal": {
                        "operationId": "acceptProposal",
                        "parameters": {
                          "path.id": "$request.path.id",
                          "path.rep_id": "$response.body#/rep_id",
                          "path.proposal_id": "$response.body#/proposals/0/id",
                          "header.If-Match": "$response.header.ETag"
                        },
                        "description": "Accept the first proposal (only the other side may)."
                      },
                      "ListRevisions": {
                        "operationId": "listRevisions",
                        "parameters": {
                          "path.id": "$request.path.id",
                          "path.rep_id": "$response.body#/rep_id"
                        },
                        "description": "The assignment's revisions."
                      },
                      "ExplainAssignment": {
                        "operationId": "explainAssignment",
                        "parameters": {
                          "path.id": "$request.path.id",
                          "path.rep_id": "$response.body#/rep_id"
                        },
                        "description": "The inputs behind the rep's numbers."
                      },
                      "GetBreakdown": {
                        "operationId": "getBreakdown",
                        "parameters": {
                          "path.id": "$request.path.id",
                          "query.rep_id": "$response.body#/rep_id"
                        },
                        "description": "The rep's targets per period."
                      },
                      "ListRepComments": {
                        "operationId": "listComments",
                        "parameters": {
                          "path.id": "$request.path.id",
                          "query.rep_id": "$response.body#/rep_id"
                        },
                        "description": "Comments on the rep's assignment."
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/plans/{id}/assignments/{rep_id}/proposals": {
              "description": "Methods: POST. GET, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: POST`.",
              "post": {
                "operationId": "createProposal",
                "summary": "Propose targets",
                "description": "The rep on their own assignment (side `rep`); a manager of the rep's unit or above, or a leader, on any (side `manager`). Only while the plan is `proposed` or `in_discussion`. The first rep proposal is an `estimate`, the first manager proposal `top_down`, later ones `counter`; a new proposal supersedes the same side's open one, and posting after agreement reopens the negotiation. `If-Match` is the assignment's version; the response's `ETag` is the assignment's new version.",
                "tags": [
                  "Assignments"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PlanId"
                  },
                  {
                    "$ref": "#/components/parameters/RepId"
                  },
                  {
                    "$ref": "#/components/parameters/IfMatch"
                  },
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/ProposalCreate"
                      }
                    }
                  }
                },
                "responses": {
                  "201": {
                    "description": "Created; `ETag` is the assignment's new version.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Proposal"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/MalformedJSON"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "description": "`forbidden`: admins and viewers take no part in negotiations.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "409": {
                    "description": "`invalid_state`: the plan is not `proposed` or `in_discussion`.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "412": {
                    "$ref": "#/components/responses/VersionConflict"
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge"
                  },
                  "422": {
                    "description": "`validation_failed`: a field is missing, has the wrong type, is out of range, is a float where an integer is expected, or is unknown (unknown fields are rejected, so server-owned fields such as `id`, `state`, `version`, `org_id` or `approved_by` cannot be set); `errors` lists each. Also: a metric the plan does not have; not one value per plan month; a post-ramp metric non-zero in a ramp month or a ramp-only metric non-zero after the ramp; assumptions out of range; `rationale` over 10000 characters. `idempotency_key_reused`: this `Idempotency-Key` was used with a different request.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "428": {
                    "$ref": "#/components/responses/PreconditionRequired"
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/plans/{id}/assignments/{rep_id}/proposals/{proposal_id}/accept": {
              "description": "Methods: POST. GET, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: POST`.",
              "post": {
                "operationId": "acceptProposal",
                "summary": "Accept a proposal",
                "description": "Only by the other side: the rep accepts a manager-side proposal, a manager above the rep or a leader accepts a rep-side one. The assignment becomes `agreed` with the proposal's values; the accepted proposal becomes `accepted` and open ones `superseded`. No request body.",
                "tags": [
                  "Assignments"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PlanId"
                  },
                  {
                    "$ref": "#/components/parameters/RepId"
                  },
                  {
                    "$ref": "#/components/parameters/ProposalId"
                  },
                  {
                    "$ref": "#/components/parameters/IfMatch"
                  },
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The assignment in state `agreed`; `ETag` is its new version.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Assignment"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "description": "`forbidden`: accepting one's own side's proposal, or the caller is an admin or viewer.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "409": {
                    "description": "`invalid_state`: the proposal is not open (superseded or already accepted), or the plan is not `proposed` or `in_discussion`.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "412": {
                    "$ref": "#/components/responses/VersionConflict"
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge"
                  },
                  "422": {
                    "description": "`idempotency_key_reused`: this `Idempotency-Key` was used with a different request.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "428": {
                    "$ref": "#/components/responses/PreconditionRequired"
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/plans/{id}/assignments/{rep_id}/revisions": {
              "description": "Methods: GET. POST, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: GET`.",
              "get": {
                "operationId": "listRevisions",
                "summary": "List an assignment's revisions",
                "description": "Revision 1 is the agreed plan at lock (`adjustment_id` null); each approved adjustment touching the rep adds one. Oldest first, in one page (`next_cursor` null). Same visibility as the assignment (`404` otherwise).",
                "tags": [
                  "Assignments"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PlanId"
                  },
                  {
                    "$ref": "#/components/parameters/RepId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/RevisionList"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/plans/{id}/assignments/{rep_id}/explain": {
              "description": "Methods: GET. POST, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: GET`.",
              "get": {
                "operationId": "explainAssignment",
                "summary": "Explain a rep's numbers",
                "description": "The inputs behind the rep's numbers: the targets and where they come from, the share of the nearest goal above the rep, seasonality weights, ramp months, the funnel assumptions of each side's latest proposal that had some and what they imply, and the rep's actuals of the 12 months before the plan. Same visibility as the assignment (`404` otherwise).",
                "tags": [
                  "Planning"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PlanId"
                  },
                  {
                    "$ref": "#/components/parameters/RepId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Explanation"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  },
                  "422": {
                    "description": "`validation_failed`: a stored figure of the rep sums beyond +/-9007199254740991 and cannot be stated exactly (field `targets.<metric>`, `goal_share.goal.<metric>`, `last_year.<metric>` or `funnel.proposed_revenue`). A share of the goal too large to state (`target_share_bps`) is left out instead, like the share of a zero goal.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/v1/plans/{id}/comments": {
              "description": "Methods: GET, POST. PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: GET, POST`.",
              "post": {
                "operationId": "createComment",
                "summary": "Comment",
                "description": "Any role but viewers. A comment about a rep (`rep_id`, or implied by `proposal_id` or `parent_id`) needs the caller to see that rep's assignment (`404` otherwise); a rep comments only on their own assignment (without `rep_id`, a rep's comment is about themself). Comments are never edited or deleted.",
                "tags": [
                  "Comments"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PlanId"
                  },
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/CommentCreate"
                      }
                    }
                  }
                },
                "responses": {
                  "201": {
                    "description": "Created.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Comment"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/MalformedJSON"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "description": "`forbidden`: viewers read only; a rep commenting outside their own assignment.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge"
                  },
                  "422": {
                    "description": "`validation_failed`: a field is missing, has the wrong type, is out of range, is a float where an integer is expected, or is unknown (unknown fields are rejected, so server-owned fields such as `id`, `state`, `version`, `org_id` or `approved_by` cannot be set); `errors` lists each. Also: `body` blank or over 10000 characters; `parent_id`/`proposal_id` not of this plan; `rep_id` different from the parent's or the proposal's rep. `idempotency_key_reused`: this `Idempotency-Key` was used with a different request.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              },
              "get": {
                "operationId": "listComments",
                "summary": "List comments",
                "description": "The comments the caller may see, oldest first. A comment with `rep_id` is visible to that rep, to managers above them, to leaders, admins and viewers; plan-level comments to everyone in the organization.",
                "tags": [
                  "Comments"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PlanId"
                  },
                  {
                    "name": "rep_id",
                    "in": "query",
                    "required": false,
                    "description": "Only comments about this rep.",
                    "schema": {
                      "type": "string",
                      "format": "uuid"
                    }
                  },
                  {
                    "$ref": "#/components/parameters/Limit"
                  },
                  {
                    "$ref": "#/components/parameters/Cursor"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/CommentList"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "422": {
                    "description": "`validation_failed`: `rep_id` is not a UUID, `limit` not 1..500, or a bad `cursor`.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/plans/{id}/approvals": {
              "description": "Methods: GET. POST, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: GET`.",
              "get": {
                "operationId": "listApprovals",
                "summary": "List recorded decisions",
                "description": "Every decision on the plan and its adjustments, oldest first, in one page (`next_cursor` null). Every role; reps see only the plan's decisions (`subject` = `plan`), not those on adjustments, whose reasons concern other reps.",
                "tags": [
                  "Approvals"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PlanId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ApprovalList"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/plans/{id}/adjustments": {
              "description": "Methods: GET, POST. PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: GET, POST`.",
              "post": {
                "operationId": "createAdjustment",
                "summary": "Request an adjustment",
                "description": "A leader, or a manager of every rep concerned; the plan must be `locked`. Only months after the current month (server date) may change. The adjustment starts `pending`; the request is recorded as a `submitted` approval with `reason` as its comment.",
                "tags": [
                  "Adjustments"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PlanId"
                  },
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/AdjustmentCreate"
                      }
                    }
                  }
                },
                "responses": {
                  "201": {
                    "description": "Requested (`pending`), with `before` values and the impact on each unit's goal.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Adjustment"
                        }
                      }
                    },
                    "links": {
                      "ApproveAdjustment": {
                        "operationId": "approveAdjustment",
                        "parameters": {
                          "path.id": "$request.path.id",
                          "path.aid": "$response.body#/id"
                        },
                        "description": "Approve it."
                      },
                      "RejectAdjustment": {
                        "operationId": "rejectAdjustment",
                        "parameters": {
                          "path.id": "$request.path.id",
                          "path.aid": "$response.body#/id"
                        },
                        "description": "Reject it."
                      },
                      "WithdrawAdjustment": {
                        "operationId": "withdrawAdjustment",
                        "parameters": {
                          "path.id": "$request.path.id",
                          "path.aid": "$response.body#/id"
                        },
                        "description": "Withdraw it."
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/MalformedJSON"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "description": "`forbidden`: neither a leader nor a manager of every rep concerned. Checked before the body's content: a manager naming a rep they do not manage, or one not in the plan, is `403`, so the response never reveals which reps exist or which months are their ramp months.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "409": {
                    "description": "`invalid_state`: the plan is not `locked`.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge"
                  },
                  "422": {
                    "description": "`validation_failed`: a field is missing, has the wrong type, is out of range, is a float where an integer is expected, or is unknown (unknown fields are rejected, so server-owned fields such as `id`, `state`, `version`, `org_id` or `approved_by` cannot be set); `errors` lists each. Also: blank `reason`; no changes; a rep without an assignment; a metric or month not of the plan; the same rep, metric and month twice; a ramp-rule violation; a rep's months of a metric that would sum beyond 9007199254740991 after the changes (`changes[i].value`, the last change of that rep and metric); an agreed total of a unit with a goal that would leave that range (`changes`). `guard_failed`: a month is not after the current month (`reasons` lists them). `idempotency_key_reused`: this `Idempotency-Key` was used with a different request.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              },
              "get": {
                "operationId": "listAdjustments",
                "summary": "List adjustments",
                "description": "Oldest first, in one page (`next_cursor` null). Admins, leaders, viewers and managers of the plan's scope unit (or above); others `403`.",
                "tags": [
                  "Adjustments"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PlanId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/AdjustmentList"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "description": "`forbidden`: only admins, leaders, viewers and managers of the plan's scope may read adjustments.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/plans/{id}/adjustments/{aid}/approve": {
              "description": "Methods: POST. GET, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: POST`.",
              "post": {
                "operationId": "approveAdjustment",
                "summary": "Approve an adjustment",
                "description": "A plan approver who is not the requester. Applies every change atomically (the plan must still be `locked` and every month still after the current month), bumps the version of each changed assignment and records a new revision for each changed rep. No `If-Match` needed: the decision locks the adjustment, and a decision on one that is no longer `pending` is `409 invalid_state`. The body is optional (an empty body is no comment). The decision is recorded as an approval.",
                "tags": [
                  "Adjustments"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PlanId"
                  },
                  {
                    "$ref": "#/components/parameters/AdjustmentId"
                  },
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "requestBody": {
                  "required": false,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/AdjustmentDecision"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The adjustment after the decision.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Adjustment"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/MalformedJSON"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "description": "`forbidden`: the caller is not a plan approver, or requested the adjustment.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "409": {
                    "description": "`invalid_state`: the adjustment is no longer `pending`, or the plan is no longer `locked`.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge"
                  },
                  "422": {
                    "description": "`validation_failed`: a field is missing, has the wrong type, is out of range, is a float where an integer is expected, or is unknown (unknown fields are rejected, so server-owned fields such as `id`, `state`, `version`, `org_id` or `approved_by` cannot be set); `errors` lists each. `guard_failed`: a month of the adjustment is no longer after the current month. `idempotency_key_reused`: this `Idempotency-Key` was used with a different request.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/plans/{id}/adjustments/{aid}/reject": {
              "description": "Methods: POST. GET, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: POST`.",
              "post": {
                "operationId": "rejectAdjustment",
                "summary": "Reject an adjustment",
                "description": "A plan approver who is not the requester; `comment` is required. No `If-Match` needed: the decision locks the adjustment, and a decision on one that is no longer `pending` is `409 invalid_state`. The body is optional (an empty body is no comment). The decision is recorded as an approval.",
                "tags": [
                  "Adjustments"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PlanId"
                  },
                  {
                    "$ref": "#/components/parameters/AdjustmentId"
                  },
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/AdjustmentDecision"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The adjustment after the decision.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Adjustment"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/MalformedJSON"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "description": "`forbidden`: the caller is not a plan approver, or requested the adjustment.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "409": {
                    "description": "`invalid_state`: the adjustment is no longer `pending`.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge"
                  },
                  "422": {
                    "description": "`validation_failed`: a field is missing, has the wrong type, is out of range, is a float where an integer is expected, or is unknown (unknown fields are rejected, so server-owned fields such as `id`, `state`, `version`, `org_id` or `approved_by` cannot be set); `errors` lists each. `guard_failed`: `comment` is missing or blank. `idempotency_key_reused`: this `Idempotency-Key` was used with a different request.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/plans/{id}/adjustments/{aid}/withdraw": {
              "description": "Methods: POST. GET, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: POST`.",
              "post": {
                "operationId": "withdrawAdjustment",
                "summary": "Withdraw an adjustment",
                "description": "The requester only. No `If-Match` needed: the decision locks the adjustment, and a decision on one that is no longer `pending` is `409 invalid_state`. The body is optional (an empty body is no comment). The decision is recorded as an approval.",
                "tags": [
                  "Adjustments"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PlanId"
                  },
                  {
                    "$ref": "#/components/parameters/AdjustmentId"
                  },
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "requestBody": {
                  "required": false,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/AdjustmentDecision"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The adjustment after the decision.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Adjustment"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/MalformedJSON"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "description": "`forbidden`: the caller did not request the adjustment.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "409": {
                    "description": "`invalid_state`: the adjustment is no longer `pending`.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge"
                  },
                  "422": {
                    "description": "`validation_failed`: a field is missing, has the wrong type, is out of range, is a float where an integer is expected, or is unknown (unknown fields are rejected, so server-owned fields such as `id`, `state`, `version`, `org_id` or `approved_by` cannot be set); `errors` lists each. `idempotency_key_reused`: this `Idempotency-Key` was used with a different request.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/funnel/solve": {
              "description": "Methods: POST. GET, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: POST`.",
              "post": {
                "operationId": "solveFunnel",
                "summary": "Solve the funnel for a target",
                "description": "Revenue = qualified leads x win rate x average deal size. From last year's baseline, computes the baseline `avg_deal_size` and `win_rate_bps`, the `needed_deals`, and for each single lever (`levers.deal_size`, `levers.win_rate`, `levers.leads`) the value it would need alone to reach `target_revenue` and its growth in bps, plus `marketing_budget` for the leads lever when `lead_cost` is given (required leads x lead cost: the whole budget, not the increase). Requirements round up; growth rounds half up. Flags: `deal_size_growth_unrealistic` (growth > 2000 bps), `win_rate_growth_unrealistic` (> 3000 bps), `win_rate_impossible` (needed win rate > 10000 bps), `leads_growth_unrealistic` (> 10000 bps). Pure computation; stores nothing. Every role.",
                "tags": [
                  "Planning"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/FunnelSolveRequest"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/FunnelSolution"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/MalformedJSON"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge"
                  },
                  "422": {
                    "description": "`validation_failed`: a field is missing, has the wrong type, is out of range, is a float where an integer is expected, or is unknown (unknown fields are rejected, so server-owned fields such as `id`, `state`, `version`, `org_id` or `approved_by` cannot be set); `errors` lists each. Also: `baseline.revenue`, `baseline.deals`, `baseline.qualified_leads` or `target_revenue` not positive; `baseline.lead_cost` negative; a requirement (or the budget) beyond 9007199254740991 (reported on `target_revenue`). `idempotency_key_reused`: this `Idempotency-Key` was used with a different request.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/plans/{id}/reconciliation": {
              "description": "Methods: GET. POST, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: GET`.",
              "get": {
                "operationId": "getReconciliation",
                "summary": "Reconcile top-down and bottom-up",
                "description": "One row per child unit of `unit_id` (rolled up over its whole subtree) and per rep directly in the unit, with totals over the whole subtree. A rep's `top_down` is the latest manager-side proposal on the assignment (null if none), `bottom_up` the latest rep-side one, `agreed` the agreed values; a unit's `top_down` is its goal and its other columns are sums over its subtree. `stretch_bps` = top_down x 10000 / bottom_up (null when it would leave +/-9007199254740991; the row is then flagged `stretch_above_limit`). Annual figures of one metric. Admins, leaders, viewers and managers of the unit (or above it); others, reps included, `403`.",
                "tags": [
                  "Planning"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PlanId"
                  },
                  {
                    "name": "unit_id",
                    "in": "query",
                    "required": false,
                    "description": "The unit to reconcile; default the plan's scope unit.",
                    "schema": {
                      "type": "string",
                      "format": "uuid"
                    }
                  },
                  {
                    "name": "metric",
                    "in": "query",
                    "required": false,
                    "description": "A metric key of the plan; default `revenue`.",
                    "schema": {
                      "type": "string",
                      "default": "revenue"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Reconciliation"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "description": "`forbidden`: neither an admin, leader or viewer nor a manager of the unit (or above it).",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "422": {
                    "description": "`validation_failed`: `unit_id` is not a UUID or not a unit of the organization, `metric` is not a metric of the plan, or a sum of the metric over the unit (agreed, bottom-up, last year, unallocated) would leave +/-9007199254740991 (field `metric`). Checked after the caller's right (`403` first).",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/plans/{id}/breakdown": {
              "description": "Methods: GET. POST, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: GET`.",
              "get": {
                "operationId": "getBreakdown",
                "summary": "A rep's targets per period",
                "description": "The rep's targets per quarter, month or ISO week: the agreed values, or the latest proposal while nothing is agreed (no rows before any proposal). Weeks split a month's target by its working days (Mon-Fri) in that week; a week that spans two months gives one row per month, so each month's rows sum exactly to the month. Same visibility as the assignment: a rep sees only their own (`404` otherwise).",
                "tags": [
                  "Planning"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PlanId"
                  },
                  {
                    "name": "rep_id",
                    "in": "query",
                    "required": true,
                    "description": "The rep.",
                    "schema": {
                      "type": "string",
                      "format": "uuid"
                    }
                  },
                  {
                    "name": "grain",
                    "in": "query",
                    "required": false,
                    "description": "Period size; default `month`.",
                    "schema": {
                      "type": "string",
                      "enum": [
                        "quarter",
                        "month",
                        "week"
                      ],
                      "default": "month"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/BreakdownList"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "404": {
                    "description": "`not_found`: no such plan, no assignment of `rep_id` in it, or one the caller may not see.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "422": {
                    "description": "`validation_failed`: `rep_id` is missing or not a UUID, or `grain` is not quarter, month or week; or (field `grain`) a quarter's stored months sum beyond +/-9007199254740991.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/actuals": {
              "description": "Methods: POST. GET, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: POST`.",
              "post": {
                "operationId": "recordActuals",
                "summary": "Record actuals",
                "description": "Admins for anyone; managers for users in units they manage or below. As JSON `{\"rows\": [...]}`, or with `Content-Type: text/csv` (any other content type is read as JSON) as CSV with the header line `user_email,metric,date,value` (e-mails match case-insensitively). All rows or none: any bad row is `422 validation_failed` whose `errors` name every bad row, and nothing is stored. JSON rows are named `rows[<index>]` (`rows[3].value`, `rows[3].user` for an unknown user or one the caller may not record for); CSV rows by line number, the header being line 1 (`line 1` for a wrong header, `line 4`, `line 4.value`, `line 4.user_email`, `line 4.user`). A row for an existing (user, metric, date) replaces its value; the same (user, metric, date) twice in one upload is refused.",
                "tags": [
                  "Actuals"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/ActualsRequest"
                      }
                    },
                    "text/csv": {
                      "schema": {
                        "type": "string",
                        "description": "RFC 4180 CSV, LF or CRLF line ends: the header line `user_email,metric,date,value`, then at least one row; `value` an integer within 0..9007199254740991, `date` `YYYY-MM-DD`, `metric` a metric key."
                      },
                      "example": "user_email,metric,date,value\r\nli@example.com,revenue,2027-01-15,1250000\r\n"
                    }
                  }
                },
                "responses": {
                  "201": {
                    "description": "Every row stored.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ActualsResult"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/MalformedJSON"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "description": "`forbidden`: the caller is neither an admin nor a manager.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge"
                  },
                  "422": {
                    "description": "`validation_failed`: a field is missing, has the wrong type, is out of range, is a float where an integer is expected, or is unknown (unknown fields are rejected, so server-owned fields such as `id`, `state`, `version`, `org_id` or `approved_by` cannot be set); `errors` lists each. Also every bad row, as above. `idempotency_key_reused`: this `Idempotency-Key` was used with a different request.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/plans/{id}/progress": {
              "description": "Methods: GET. POST, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: GET`.",
              "get": {
                "operationId": "getProgress",
                "summary": "Progress against targets",
                "description": "Per rep and per metric of the plan: the target, target to date, actual to date, attainment bps, pace bps (actual vs. where the plan expects them by now, by working days), run-rate forecast for the plan, and the funnel stage that lags most. Targets are the agreed values, or the latest proposal while nothing is agreed. The visible reps of the unit's subtree, ordered by name then id, paged with `limit` and `cursor` (an empty `cursor` is the first page): admins, leaders and viewers see every rep, managers the reps of units they manage or below, a rep only their own row. `attainment_bps`, `pace_bps` and `forecast` are null when they would leave +/-9007199254740991; a target, target to date or actual to date that would is `422` naming `metrics.<metric>.<figure>`.",
                "tags": [
                  "Actuals"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PlanId"
                  },
                  {
                    "name": "unit_id",
                    "in": "query",
                    "required": false,
                    "description": "Only reps in this unit's subtree; default the plan's scope unit.",
                    "schema": {
                      "type": "string",
                      "format": "uuid"
                    }
                  },
                  {
                    "name": "as_of",
                    "in": "query",
                    "required": false,
                    "description": "`YYYY-MM-DD`; default the server's date. Before the plan's start nothing is expected yet; after its end the whole plan is.",
                    "schema": {
                      "type": "string",
                      "format": "date"
                    }
                  },
                  {
                    "$ref": "#/components/parameters/Limit"
                  },
                  {
                    "$ref": "#/components/parameters/Cursor"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Progress"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "422": {
                    "description": "`validation_failed`: `unit_id` is not a UUID or not a unit of the organization, `as_of` is not a date, `limit` not 1..500, a bad `cursor`, or a figure of a rep beyond +/-9007199254740991 (`metrics.<metric>.target`, `.target_to_date` or `.actual_to_date`).",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/plans/{id}/events": {
              "description": "Methods: GET. POST, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: GET`.",
              "get": {
                "operationId": "listEvents",
                "summary": "Read the event log",
                "description": "The plan's append-only event log, oldest first. Admins, leaders, viewers and managers of the plan's scope unit (or above); others `403`. Pages by sequence number: pass `after` (the `seq` to continue from, default 0) and `limit`; `next_cursor` is the `seq` of the last event when the page is full. Hash chain: `hash` = lowercase hex SHA-256 of the UTF-8 text `prev_hash \"\\n\" seq \"\\n\" kind \"\\n\" actor_id \"\\n\" at \"\\n\" data` (the six fields joined by single line feeds, nothing before or after), where `seq` is decimal without leading zeros, `actor_id` the lowercase UUID, `at` exactly as returned (`YYYY-MM-DDTHH:MM:SS.ffffffZ`, UTC, six fractional digits) and `data` the event's JSON text exactly as stored and returned (the `data` member's text in the response body: compact, keys sorted, no insignificant whitespace; the server never reformats it). The first event's `prev_hash` is 64 zeros; every later one is the previous event's `hash`.",
                "tags": [
                  "Events"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PlanId"
                  },
                  {
                    "name": "after",
                    "in": "query",
                    "required": false,
                    "description": "Return events with `seq` greater than this (default 0). `cursor` (the `next_cursor` of the previous page, the seq of its last event) takes precedence.",
                    "schema": {
                      "type": "integer",
                      "format": "int64",
                      "minimum": 0,
                      "default": 0
                    }
                  },
                  {
                    "$ref": "#/components/parameters/Limit"
                  },
                  {
                    "$ref": "#/components/parameters/Cursor"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/EventList"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "description": "`forbidden`: only admins, leaders, viewers and managers of the plan's scope may read events.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "422": {
                    "description": "`validation_failed`: `after` is not a non-negative integer or `limit` is not 1..500.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/plans/{id}/audit/verify": {
              "description": "Methods: GET. POST, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: GET`.",
              "get": {
                "operationId": "verifyAudit",
                "summary": "Verify the hash chain",
                "description": "Recomputes the plan's whole hash chain from the stored events. Admins, leaders, viewers and managers of the plan's scope unit (or above); others `403`. Hash chain: `hash` = lowercase hex SHA-256 of the UTF-8 text `prev_hash \"\\n\" seq \"\\n\" kind \"\\n\" actor_id \"\\n\" at \"\\n\" data` (the six fields joined by single line feeds, nothing before or after), where `seq` is decimal without leading zeros, `actor_id` the lowercase UUID, `at` exactly as returned (`YYYY-MM-DDTHH:MM:SS.ffffffZ`, UTC, six fractional digits) and `data` the event's JSON text exactly as stored and returned (the `data` member's text in the response body: compact, keys sorted, no insignificant whitespace; the server never reformats it). The first event's `prev_hash` is 64 zeros; every later one is the previous event's `hash`.",
                "tags": [
                  "Events"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PlanId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/AuditResult"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "description": "`forbidden`: only admins, leaders, viewers and managers of the plan's scope may verify the audit chain.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/plans/{id}/stream": {
              "description": "Methods: GET. POST, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: GET`.",
              "get": {
                "operationId": "streamEvents",
                "summary": "Stream events",
                "description": "`text/event-stream` of the plan's events as they happen, from any server instance (instances relay through PostgreSQL `LISTEN/NOTIFY`). Each message has `id:` = the event's `seq`, `event:` = its `kind`, and `data:` = the `Event` as JSON. `Last-Event-ID` resumes after that `seq` without gaps: missed events are sent first from the log. Comment lines (`: keep-alive`) are sent every 15 seconds (spread over the streams of an instance); on each, the stream authenticates its token again and checks that the caller may still read the plan, and when not (signed out, revoked, expired, role or unit changed) it sends `: closed: <reason>` (`unauthenticated`, `forbidden`, `not_found`, `error`) and ends; reconnecting then answers the matching status. Same readers as `/events` (others `403`). Capped per user and per instance (`429 too_many_streams`). `?limit=N` ends the stream after N events.",
                "tags": [
                  "Events"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PlanId"
                  },
                  {
                    "name": "Last-Event-ID",
                    "in": "header",
                    "required": false,
                    "description": "The `seq` of the last event received; the stream resumes after it.",
                    "schema": {
                      "type": "integer",
                      "format": "int64",
                      "minimum": 0
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "description": "An open event stream.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "text/event-stream": {
                        "schema": {
                          "type": "object",
                          "description": "One server-sent event: `id` is the event's `seq`, `event` its `kind`, `data` the `Event` as JSON.",
                          "properties": {
                            "id": {
                              "type": "string",
                              "pattern": "^[0-9]+$"
                            },
                            "event": {
                              "type": "string"
                            },
                            "data": {
                              "type": "string",
                              "contentMediaType": "application/json",
                              "contentSchema": {
                                "$ref": "#/components/schemas/Event"
                              }
                            }
                          },
                          "required": [
                            "id",
                            "event",
                            "data"
                          ]
                        },
                        "example": "id: 42\nevent: proposal.created\ndata: {\"actor_id\":\"...\",\"at\":\"2027-01-05T09:30:00.123456Z\",\"data\":{},\"hash\":\"...\",\"kind\":\"proposal.created\",\"prev_hash\":\"...\",\"seq\":42}\n\n"
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "403": {
                    "description": "`forbidden`: only admins, leaders, viewers and managers of the plan's scope may stream events.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "422": {
                    "description": "`validation_failed`: `Last-Event-ID` is not a sequence number.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "429": {
                    "description": "`too_many_streams`: the caller already has `PARLEY_STREAMS_PER_USER` (default 20) streams open on this instance, or the instance has `PARLEY_STREAMS_PER_INSTANCE` (default 2000). Retry after `Retry-After` seconds, or close a stream first.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Retry-After": {
                        "$ref": "#/components/headers/Retry-After"
                      }
                    },
                    "content": {
                      "application/problem+json": {
                        "schema": {
                          "$ref": "#/components/schemas/Problem"
                        }
                      }
                    }
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            },
            "/v1/plans/{id}/targets.csv": {
              "description": "Methods: GET. POST, PUT, PATCH, DELETE on this path answer `405 method_not_allowed` (see `components.responses.MethodNotAllowed`) with `Allow: GET`.",
              "get": {
                "operationId": "exportTargets",
                "summary": "Export targets as CSV",
                "description": "`text/csv; charset=utf-8`, CRLF line ends, header `rep_email,rep_name,unit,metric,month,value`: one line per rep, metric and month, with the agreed values (or the latest proposal where nothing is agreed yet), for the assignments the caller may see (a rep: their own). Fields are quoted per RFC 4180; a text field starting with `=`, `+`, `-` or `@` is prefixed with `'` so spreadsheets do not run it as a formula.",
                "tags": [
                  "Plans"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PlanId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The targets.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "text/csv": {
                        "schema": {
                          "type": "string"
                        },
                        "example": "rep_email,rep_name,unit,metric,month,value\r\nli@example.com,Li Wei,East,revenue,2027-01,150000000\r\n"
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthenticated"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "default": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "503": {
                    "$ref": "#/components/responses/Unavailable"
                  }
                }
              }
            }
          },
          "components": {
            "securitySchemes": {
              "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "`Authorization: Bearer <token>`. Tokens come from `POST /v1/sessions` (session tokens, expiring after `PARLEY_SESSION_HOURS`, default 12), `POST /v1/users/{id}/tokens` or `parley org create` (API tokens, no expiry). A revoked token, or a changed role, takes effect at once on the instance that handled the change and within `PARLEY_AUTH_CACHE_SECONDS` (default 5) on other instances; an expired token is refused everywhere at once."
              }
            },
            "schemas": {
              "Problem": {
                "type": "object",
                "properties": {
                  "type": {
                    "type": "string",
                    "format": "uri",
                    "description": "`https://parley.dev/problems/<code>`."
                  },
                  "title": {
                    "type": "string",
                    "description": "The HTTP reason phrase of `status`."
                  },
                  "status": {
                    "type": "integer",
                    "minimum": 400,
                    "maximum": 599,
                    "description": "The HTTP status code, repeated."
                  },
                  "detail": {
                    "type": "string",
                    "description": "Human-readable explanation of this occurrence. Never contains SQL, stack traces or internal identifiers."
                  },
                  "code": {
                    "type": "string",
                    "description": "Stable, machine-readable error code. Known codes: `malformed_json` (400), `unauthenticated` (401), `forbidden` (403), `not_found` (404), `method_not_allowed` (405), `conflict`, `invalid_state`, `invalid_transition` (409), `version_conflict` (412), `payload_too_large` (413), `validation_failed`, `guard_failed`, `idempotency_key_reused` (422), `precondition_required` (428), `internal` (500), `not_ready`, `database_unavailable` (503). New codes may be added; existing ones never change meaning."
                  },
                  "errors": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "properties": {
                        "field": {
                          "type": "string",
                          "description": "Path of the offending field in the request, e.g. `values.revenue.months[3]`, `rows[2].value`, `limit` (a query parameter) or `Idempotency-Key` (a header). Empty for the body as a whole."
                        },
                        "message": {
                          "type": "string",
                          "description": "What is wrong with it."
                        }
                      },
                      "required": [
                        "field",
                        "message"
                      ]
                    },
                    "description": "With `validation_failed`: every invalid field, so a client can fix them all in one round trip. Unknown fields are listed with the message `unknown field`."
                  },
                  "current_version": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "description": "With `version_conflict`: the resource's current version (also sent as the `ETag` header)."
                  },
                  "allowed_actions": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/PlanAction"
                    },
                    "description": "With `invalid_transition`: the actions the caller may take from the plan's current state."
                  },
                  "reasons": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    },
                    "description": "With `guard_failed`: why the guard failed, one human-readable reason per failed condition."
                  },
                  "retry_after": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "With `too_many_attempts` and `too_many_streams`: the `Retry-After` header's seconds."
                  }
                },
                "required": [
                  "type",
                  "title",
                  "status",
                  "detail",
                  "code"
                ],
                "description": "An RFC 9457 problem detail (`Content-Type: application/problem+json`). Every error response of the API has this shape. Extension members appear only with the codes that use them."
              },
              "Role": {
                "type": "string",
                "enum": [
                  "admin",
                  "leader",
                  "manager",
                  "rep",
                  "viewer"
                ],
                "description": "`admin`: manages units, users, tokens and org settings, reads everything, takes no plan decisions. `leader`: everything a manager may, on every unit; sets goals anywhere; approves plans and adjustments. `manager`: acts on the units they manage (`units.manager_id`) and everything below them. `rep`: reads plan-level information and their own assignment; negotiates and comments on it. `viewer`: read-only, org-wide."
              },
              "PlanState": {
                "type": "string",
                "enum": [
                  "draft",
                  "proposed",
                  "in_discussion",
                  "pending_approval",
                  "locked",
                  "archived"
                ]
              },
              "PlanAction": {
                "type": "string",
                "enum": [
                  "publish",
                  "open_discussion",
                  "submit_for_approval",
                  "approve",
                  "reject",
                  "archive"
                ],
                "description": "`publish`: draft -> proposed (leader or manager of the scope; a goal must exist for the scope unit; creates one assignment per rep in the scope subtree). `open_discussion`: proposed -> in_discussion (leader or manager of the scope). `submit_for_approval`: in_discussion -> pending_approval (leader or manager of the scope; every assignment agreed, and for each unit with a goal the agreed sum per metric within `tolerance_bps` of the goal, unless `comment` explains the gap; an agreed sum beyond 9007199254740991 fails the guard whatever the comment). `approve`: pending_approval -> locked once `required_approvals` distinct approvers approved (an approver who did not submit). `reject`: pending_approval -> in_discussion (an approver; `comment` required). `archive`: locked -> archived (leader)."
              },
              "Uuid": {
                "type": "string",
                "format": "uuid"
              },
              "MetricInteger": {
                "type": "integer",
                "format": "int64",
                "minimum": 0,
                "maximum": 9007199254740991,
                "description": "An exact metric value: a JSON integer within 0..9007199254740991 (2^53 - 1). Floats, strings and out-of-range numbers are `422 validation_failed`. Units: `currency` = minor units of the plan's currency, `count` = whole things, `ratio` = basis points (10000 = 100 %)."
              },
              "User": {
                "type": "object",
                "properties": {
                  "id": {
                    "type": "string",
                    "format": "uuid"
                  },
                  "email": {
                    "type": "string",
                    "format": "email"
                  },
                  "name": {
                    "type": "string"
                  },
                  "role": {
                    "$ref": "#/components/schemas/Role"
                  },
                  "unit_id": {
                    "type": "string",
                    "format": "uuid",
                    "description": "The unit the user belongs to."
                  },
                  "hired_on": {
                    "type": "string",
                    "format": "date",
                    "description": "Hire date; decides a rep's ramp months in a plan."
                  },
                  "version": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "description": "Optimistic-concurrency version; also the `ETag`."
                  }
                },
                "required": [
                  "id",
                  "email",
                  "name",
                  "role",
                  "unit_id",
                  "hired_on",
                  "version"
                ],
                "description": "A user of the organization."
              },
              "UserCreate": {
                "type": "object",
                "properties": {
                  "email": {
                    "type": "string",
                    "format": "email",
                    "maxLength": 254,
                    "description": "Unique in the organization, case-insensitively; a duplicate is `409 conflict`."
                  },
                  "name": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 200,
                    "description": "1 to 200 characters, not only whitespace."
                  },
                  "role": {
                    "$ref": "#/components/schemas/Role"
                  },
                  "unit_id": {
                    "type": "string",
                    "format": "uuid",
                    "description": "An existing unit of the organization (`422` otherwise)."
                  },
                  "hired_on": {
                    "type": "string",
                    "format": "date",
                    "description": "`YYYY-MM-DD`."
                  },
                  "password": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "minLength": 8,
                    "maxLength": 72,
                    "description": "8 to 72 bytes of UTF-8 (bcrypt's limit). Without one, the user signs in only with tokens issued by an admin."
                  }
                },
                "required": [
                  "email",
                  "name",
                  "role",
                  "unit_id",
                  "hired_on"
                ],
                "additionalProperties": false
              },
              "UserUpdate": {
                "type": "object",
                "properties": {
                  "email": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "email",
                    "maxLength": 254
                  },
                  "name": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "minLength": 1,
                    "maxLength": 200
                  },
                  "role": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/Role"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "unit_id": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "uuid"
                  },
                  "hired_on": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "date"
                  },
                  "password": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "minLength": 8,
                    "maxLength": 72
                  }
                },
                "additionalProperties": false,
                "description": "The fields to change; absent fields keep their value. A changed role or unit takes effect for the user's tokens at once on the instance that handled the change and within `PARLEY_AUTH_CACHE_SECONDS` (default 5) on other instances."
              },
              "SessionCreate": {
                "type": "object",
                "properties": {
                  "email": {
                    "type": "string"
                  },
                  "password": {
                    "type": "string"
                  }
                },
                "required": [
                  "email",
                  "password"
                ],
                "additionalProperties": false
              },
              "Session": {
                "type": "object",
                "properties": {
                  "token": {
                    "type": "string",
                    "description": "A new bearer token (`prl_` and 64 hex digits). Shown once; the server stores only its SHA-256."
                  },
                  "expires_at": {
                    "type": "string",
                    "format": "date-time",
                    "description": "When the session token stops working (RFC 3339, UTC): `PARLEY_SESSION_HOURS` after sign-in."
                  },
                  "user": {
                    "$ref": "#/components/schemas/User"
                  }
                },
                "required": [
                  "token",
                  "expires_at",
                  "user"
                ]
              },
              "Token": {
                "type": "object",
                "properties": {
                  "token": {
                    "type": "string",
                    "description": "A new bearer token (`prl_` and 64 hex digits). Shown once; the server stores only its SHA-256."
                  }
                },
                "required": [
                  "token"
                ]
              },
              "Me": {
                "type": "object",
                "properties": {
                  "user": {
                    "$ref": "#/components/schemas/User"
                  },
                  "org": {
                    "type": "object",
                    "properties": {
                      "id": {
                        "type": "string",
                        "format": "uuid"
                      },
                      "name": {
                        "type": "string"
                      }
                    },
                    "required": [
                      "id",
                      "name"
                    ]
                  }
                },
                "required": [
                  "user",
                  "org"
                ]
              },
              "Unit": {
                "type": "object",
                "properties": {
                  "id": {
                    "type": "string",
                    "format": "uuid"
                  },
                  "name": {
                    "type": "string"
                  },
                  "parent_id": {
                    "anyOf": [
                      {
                        "type": "string",
                        "format": "uuid",
                        "description": "The parent unit; null for a root."
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "manager_id": {
                    "anyOf": [
                      {
                        "type": "string",
                        "format": "uuid",
                        "description": "The unit's manager; null when it has none."
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "version": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "description": "Optimistic-concurrency version; also the `ETag`."
                  }
                },
                "required": [
                  "id",
                  "name",
                  "parent_id",
                  "manager_id",
                  "version"
                ],
                "description": "A unit of the org tree."
              },
              "UnitCreate": {
                "type": "object",
                "properties": {
                  "name": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 200
                  },
                  "parent_id": {
                    "anyOf": [
                      {
                        "type": "string",
                        "format": "uuid",
                        "description": "An existing unit, or null/absent for a root."
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "manager_id": {
                    "anyOf": [
                      {
                        "type": "string",
                        "format": "uuid",
                        "description": "An existing user, or null/absent."
                      },
                      {
                        "type": "null"
                      }
                    ]
                  }
                },
                "required": [
                  "name"
                ],
                "additionalProperties": false
              },
              "UnitUpdate": {
                "type": "object",
                "properties": {
                  "name": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "minLength": 1,
                    "maxLength": 200
                  },
                  "parent_id": {
                    "anyOf": [
                      {
                        "type": "string",
                        "format": "uuid",
                        "description": "A new parent; null makes the unit a root. A parent that would make the unit its own ancestor is `422 validation_failed` (field `parent_id`)."
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "manager_id": {
                    "anyOf": [
                      {
                        "type": "string",
                        "format": "uuid",
                        "description": "A new manager; null removes the manager."
                      },
                      {
                        "type": "null"
                      }
                    ]
                  }
                },
                "additionalProperties": false,
                "description": "The fields to change. An absent field keeps its value; an explicit null clears `parent_id` or `manager_id`."
              },
              "Metric": {
                "type": "object",
                "properties": {
                  "key": {
                    "type": "string",
                    "pattern": "^[a-z][a-z0-9_]{0,62}$",
                    "description": "Stable key, unique in the plan, e.g. `revenue`."
                  },
                  "unit": {
                    "type": "string",
                    "enum": [
                      "currency",
                      "count",
                      "ratio"
                    ],
                    "description": "`currency`: minor units of the plan's currency; `count`: whole things; `ratio`: basis points."
                  },
                  "aggregation": {
                    "type": "string",
                    "enum": [
                      "sum",
                      "average",
                      "last"
                    ],
                    "description": "How months combine into quarters and weeks."
                  },
                  "applies": {
                    "type": "string",
                    "enum": [
                      "all",
                      "ramp_only",
                      "post_ramp"
                    ],
                    "description": "In a rep's ramp months every `post_ramp` metric must be 0; outside them every `ramp_only` metric must be 0."
                  }
                },
                "required": [
                  "key",
                  "unit",
                  "aggregation",
                  "applies"
                ],
                "additionalProperties": false,
                "description": "One metric a plan sets targets for."
              },
              "PlanCreate": {
                "type": "object",
                "properties": {
                  "name": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 200
                  },
                  "unit_id": {
                    "type": "string",
                    "format": "uuid",
                    "description": "The root of the plan's scope. The caller must be a leader or a manager of this unit."
                  },
                  "start_month": {
                    "type": "string",
                    "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$",
                    "examples": [
                      "2027-01"
                    ],
                    "description": "First plan month, `YYYY-MM`. May lie in the past."
                  },
                  "months": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "minimum": 1,
                    "maximum": 36,
                    "default": 12
                  },
                  "currency": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "pattern": "^[A-Z]{3}$",
                    "default": "CNY",
                    "description": "ISO 4217 code of the `currency` metrics."
                  },
                  "metrics": {
                    "type": [
                      "array",
                      "null"
                    ],
                    "items": {
                      "$ref": "#/components/schemas/Metric"
                    },
                    "description": "Default: revenue (currency, sum, post_ramp), qualified_leads (count, sum, all), visits (count, sum, all). Keys must be unique.",
                    "minItems": 1
                  },
                  "ramp_months": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "minimum": 0,
                    "maximum": 36,
                    "default": 3,
                    "description": "A rep hired less than this many months before `start_month` is ramping."
                  },
                  "stretch_limit_bps": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "format": "int64",
                    "minimum": 0,
                    "maximum": 9007199254740991,
                    "description": "Reconciliation flags `stretch_above_limit` above this.",
                    "default": 13000
                  },
                  "tolerance_bps": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "format": "int64",
                    "minimum": 0,
                    "maximum": 10000,
                    "description": "How far an agreed sum may be from its goal, and a proposal's revenue from what its assumptions imply.",
                    "default": 100
                  },
                  "approver_ids": {
                    "type": [
                      "array",
                      "null"
                    ],
                    "items": {
                      "type": "string",
                      "format": "uuid"
                    },
                    "description": "Leaders or managers of the organization who may approve. Default: every leader. At least one.",
                    "uniqueItems": true
                  },
                  "required_approvals": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "minimum": 1,
                    "default": 1,
                    "description": "Distinct approvals needed to lock; at most the number of approvers."
                  }
                },
                "required": [
                  "name",
                  "unit_id",
                  "start_month"
                ],
                "additionalProperties": false
              },
              "PlanUpdate": {
                "type": "object",
                "properties": {
                  "name": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "minLength": 1,
                    "maxLength": 200
                  },
                  "unit_id": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "uuid",
                    "description": "The root of the plan's scope. The caller must be a leader or a manager of this unit."
                  },
                  "start_month": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$",
                    "examples": [
                      "2027-01"
                    ],
                    "description": "First plan month, `YYYY-MM`. May lie in the past."
                  },
                  "months": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "minimum": 1,
                    "maximum": 36,
                    "default": 12
                  },
                  "currency": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "pattern": "^[A-Z]{3}$",
                    "default": "CNY",
                    "description": "ISO 4217 code of the `currency` metrics."
                  },
                  "metrics": {
                    "type": [
                      "array",
                      "null"
                    ],
                    "items": {
                      "$ref": "#/components/schemas/Metric"
                    },
                    "description": "Default: revenue (currency, sum, post_ramp), qualified_leads (count, sum, all), visits (count, sum, all). Keys must be unique.",
                    "minItems": 1
                  },
                  "ramp_months": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "minimum": 0,
                    "maximum": 36,
                    "default": 3,
                    "description": "A rep hired less than this many months before `start_month` is ramping."
                  },
                  "stretch_limit_bps": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "format": "int64",
                    "minimum": 0,
                    "maximum": 9007199254740991,
                    "description": "Reconciliation flags `stretch_above_limit` above this.",
                    "default": 13000
                  },
                  "tolerance_bps": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "format": "int64",
                    "minimum": 0,
                    "maximum": 10000,
                    "description": "How far an agreed sum may be from its goal, and a proposal's revenue from what its assumptions imply.",
                    "default": 100
                  },
                  "approver_ids": {
                    "type": [
                      "array",
                      "null"
                    ],
                    "items": {
                      "type": "string",
                      "format": "uuid"
                    },
                    "description": "Leaders or managers of the organization who may approve. Default: every leader. At least one.",
                    "uniqueItems": true
                  },
                  "required_approvals": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "minimum": 1,
                    "default": 1,
                    "description": "Distinct approvals needed to lock; at most the number of approvers."
                  }
                },
                "additionalProperties": false,
                "description": "The fields to change (only while the plan is `draft`). `months` and `metrics` cannot change once a goal exists (`409 invalid_state`)."
              },
              "Plan": {
                "type": "object",
                "properties": {
                  "id": {
                    "type": "string",
                    "format": "uuid"
                  },
                  "name": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 200
                  },
                  "unit_id": {
                    "type": "string",
                    "format": "uuid",
                    "description": "The root of the plan's scope. The caller must be a leader or a manager of this unit."
                  },
                  "start_month": {
                    "type": "string",
                    "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$",
                    "examples": [
                      "2027-01"
                    ],
                    "description": "First plan month, `YYYY-MM`. May lie in the past."
                  },
                  "months": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 36
                  },
                  "currency": {
                    "type": "string",
                    "pattern": "^[A-Z]{3}$",
                    "description": "ISO 4217 code of the `currency` metrics."
                  },
                  "metrics": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Metric"
                    },
                    "description": "Default: revenue (currency, sum, post_ramp), qualified_leads (count, sum, all), visits (count, sum, all). Keys must be unique.",
                    "minItems": 1
                  },
                  "ramp_months": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 36,
                    "description": "A rep hired less than this many months before `start_month` is ramping."
                  },
                  "stretch_limit_bps": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 0,
                    "maximum": 9007199254740991,
                    "description": "Reconciliation flags `stretch_above_limit` above this."
                  },
                  "tolerance_bps": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 0,
                    "maximum": 10000,
                    "description": "How far an agreed sum may be from its goal, and a proposal's revenue from what its assumptions imply."
                  },
                  "approver_ids": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "format": "uuid"
                    },
                    "description": "Leaders or managers of the organization who may approve. Default: every leader. At least one.",
                    "uniqueItems": true
                  },
                  "required_approvals": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "Distinct approvals needed to lock; at most the number of approvers."
                  },
                  "state": {
                    "$ref": "#/components/schemas/PlanState"
                  },
                  "version": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "description": "Optimistic-concurrency version; also the `ETag`."
                  },
                  "created_by": {
                    "type": "string",
                    "format": "uuid"
                  },
                  "created_at": {
                    "type": "string",
                    "format": "date-time"
                  },
                  "allowed_actions": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/PlanAction"
                    },
                    "description": "The workflow actions the caller may take now (guards not evaluated: a listed action may still fail with `guard_failed`)."
                  }
                },
                "required": [
                  "id",
                  "name",
                  "unit_id",
                  "start_month",
                  "months",
                  "currency",
                  "metrics",
                  "ramp_months",
                  "stretch_limit_bps",
                  "tolerance_bps",
                  "approver_ids",
                  "required_approvals",
                  "state",
                  "version",
                  "created_by",
                  "created_at",
                  "allowed_actions"
                ],
                "description": "A target plan and where it is in its workflow."
              },
              "TransitionRequest": {
                "type": "object",
                "properties": {
                  "action": {
                    "$ref": "#/components/schemas/PlanAction"
                  },
                  "comment": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Recorded with the decision. Required (non-blank) for `reject`; for `submit_for_approval` it may explain a gap to the goals."
                  }
                },
                "required": [
                  "action"
                ],
                "additionalProperties": false
              },
              "MetricValue": {
                "type": "object",
                "properties": {
                  "months": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/MetricInteger"
                    },
                    "description": "One value per plan month, in order."
                  },
                  "annual": {
                    "$ref": "#/components/schemas/MetricInteger",
                    "description": "The sum of `months`."
                  }
                },
                "required": [
                  "months",
                  "annual"
                ],
                "description": "A metric's stored monthly values and their annual sum."
              },
              "MetricValues": {
                "type": "object",
                "propertyNames": {
                  "type": "string",
                  "pattern": "^[a-z][a-z0-9_]{0,62}$"
                },
                "additionalProperties": {
                  "$ref": "#/components/schemas/MetricValue"
                },
                "description": "Values per metric key."
              },
              "Distribution": {
                "description": "How an annual figure is spread over the plan months. `even`: equal months (differing by at most 1). `last_year`: in proportion to the actuals of the 12 months before `start_month` for the same calendar month (for a goal summed over the unit's whole subtree, for a proposal the rep's own); `even` where there are none. `{\"weights\": [...]}`: one non-negative integer per plan month. The server stores months that sum exactly to `annual` by the largest remainder method: each month gets the floor of its share, and the units left over go one each to the months with the largest fractional parts, ties to the earlier month.",
                "oneOf": [
                  {
                    "type": "string",
                    "enum": [
                      "even",
                      "last_year"
                    ]
                  },
                  {
                    "type": "object",
                    "properties": {
                      "weights": {
                        "type": "array",
                        "items": {
                          "$ref": "#/components/schemas/MetricInteger"
                        },
                        "description": "One weight per plan month."
                      }
                    },
                    "required": [
                      "weights"
                    ],
                    "additionalProperties": false
                  }
                ]
              },
              "MetricInput": {
                "description": "A metric's value as a client sends it: explicit months, or an annual figure and how to spread it (distribution defaults to `even`). Giving both `months` and `annual`, or neither, is `422 validation_failed`.",
                "oneOf": [
                  {
                    "type": "object",
                    "properties": {
                      "months": {
                        "type": "array",
                        "items": {
                          "$ref": "#/components/schemas/MetricInteger"
                        },
                        "description": "Exactly one value per plan month; their sum must not exceed 9007199254740991."
                      }
                    },
                    "required": [
                      "months"
                    ],
                    "additionalProperties": false,
                    "title": "MonthsInput"
                  },
                  {
                    "type": "object",
                    "properties": {
                      "annual": {
                        "$ref": "#/components/schemas/MetricInteger"
                      },
                      "distribution": {
                        "anyOf": [
                          {
                            "$ref": "#/components/schemas/Distribution"
                          },
                          {
                            "type": "null"
                          }
                        ]
                      }
                    },
                    "required": [
                      "annual"
                    ],
                    "additionalProperties": false,
                    "title": "AnnualInput"
                  }
                ]
              },
              "MetricInputs": {
                "type": "object",
                "propertyNames": {
                  "type": "string",
                  "pattern": "^[a-z][a-z0-9_]{0,62}$"
                },
                "additionalProperties": {
                  "$ref": "#/components/schemas/MetricInput"
                },
                "description": "Inputs per metric key; every key must be a metric of the plan (`422` otherwise)."
              },
              "Capacity": {
                "type": "object",
                "propertyNames": {
                  "type": "string",
                  "pattern": "^[a-z][a-z0-9_]{0,62}$"
                },
                "additionalProperties": {
                  "$ref": "#/components/schemas/MetricInteger"
                },
                "description": "Annual market capacity per metric key (reconciliation flags a goal above it `above_capacity`)."
              },
              "Goal": {
                "type": "object",
                "properties": {
                  "unit_id": {
                    "type": "string",
                    "format": "uuid"
                  },
                  "values": {
                    "$ref": "#/components/schemas/MetricValues"
                  },
                  "capacity": {
                    "$ref": "#/components/schemas/Capacity"
                  },
                  "version": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "description": "The goal's own version; also the `ETag` of the PUT response."
                  }
                },
                "required": [
                  "unit_id",
                  "values",
                  "capacity",
                  "version"
                ],
                "description": "A unit's top-down goal in a plan."
              },
              "GoalPut": {
                "type": "object",
                "properties": {
                  "values": {
                    "$ref": "#/components/schemas/MetricInputs",
                    "description": "At least one metric."
                  },
                  "capacity": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/Capacity"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  }
                },
                "required": [
                  "values"
                ],
                "additionalProperties": false
              },
              "Assumptions": {
                "type": "object",
                "properties": {
                  "qualified_leads": {
                    "$ref": "#/components/schemas/MetricInteger"
                  },
                  "win_rate_bps": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 0,
                    "maximum": 10000,
                    "description": "Win rate in basis points, 0..10000."
                  },
                  "avg_deal_size": {
                    "$ref": "#/components/schemas/MetricInteger",
                    "description": "Average deal size in minor currency units."
                  }
                },
                "required": [
                  "qualified_leads",
                  "win_rate_bps",
                  "avg_deal_size"
                ],
                "additionalProperties": false,
                "description": "The funnel behind a proposal: implied revenue = qualified_leads x win_rate_bps / 10000 x avg_deal_size, rounded half up; it must not exceed 9007199254740991 (`422` otherwise)."
              },
              "ProposalCreate": {
                "type": "object",
                "properties": {
                  "values": {
                    "$ref": "#/components/schemas/MetricInputs",
                    "description": "Metrics left out are proposed as 0 in every month. Ramp rules apply (`422` with the offending months)."
                  },
                  "assumptions": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/Assumptions"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "rationale": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 10000
                  }
                },
                "required": [
                  "values"
                ],
                "additionalProperties": false
              },
              "Proposal": {
                "type": "object",
                "properties": {
                  "id": {
                    "type": "string",
                    "format": "uuid"
                  },
                  "author_id": {
                    "type": "string",
                    "format": "uuid"
                  },
                  "side": {
                    "type": "string",
                    "enum": [
                      "rep",
                      "manager"
                    ]
                  },
                  "kind": {
                    "type": "string",
                    "enum": [
                      "estimate",
                      "top_down",
                      "counter"
                    ],
                    "description": "The first rep-side proposal is an `estimate`, the first manager-side one `top_down`, later ones `counter`."
                  },
                  "values": {
                    "$ref": "#/components/schemas/MetricValues",
                    "description": "Every metric of the plan, resolved to months."
                  },
                  "assumptions": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/Assumptions"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "implied": {
                    "type": "object",
                    "additionalProperties": {
                      "$ref": "#/components/schemas/MetricInteger"
                    },
                    "description": "What the assumptions yield through the funnel (`revenue`); empty without assumptions."
                  },
                  "consistent": {
                    "type": "boolean",
                    "description": "Whether the proposed annual revenue is within the plan's `tolerance_bps` of `implied.revenue` (true without assumptions)."
                  },
                  "rationale": {
                    "anyOf": [
                      {
                        "type": "string"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "created_at": {
                    "type": "string",
                    "format": "date-time"
                  },
                  "status": {
                    "type": "string",
                    "enum": [
                      "open",
                      "accepted",
                      "superseded"
                    ],
                    "description": "A new proposal supersedes the same side's open one."
                  }
                },
                "required": [
                  "id",
                  "author_id",
                  "side",
                  "kind",
                  "values",
                  "assumptions",
                  "implied",
                  "consistent",
                  "rationale",
                  "created_at",
                  "status"
                ],
                "description": "One side's proposal on an assignment."
              },
              "Assignment": {
                "type": "object",
                "properties": {
                  "plan_id": {
                    "type": "string",
                    "format": "uuid"
                  },
                  "rep_id": {
                    "type": "string",
                    "format": "uuid"
                  },
                  "unit_id": {
                    "type": "string",
                    "format": "uuid",
                    "description": "The rep's unit when the plan was published."
                  },
                  "maturity": {
                    "type": "string",
                    "enum": [
                      "ramping",
                      "veteran"
                    ],
                    "description": "`ramping` when hired less than `ramp_months` before `start_month`."
                  },
                  "ramp_months_in_plan": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "The plan's first months that are ramp months for this rep."
                  },
                  "state": {
                    "type": "string",
                    "enum": [
                      "awaiting_estimate",
                      "estimate_submitted",
                      "countered",
                      "agreed"
                    ]
                  },
                  "proposals": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Proposal"
                    },
                    "description": "Every proposal on the assignment, oldest first."
                  },
                  "agreed": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/MetricValues"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "version": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "description": "Optimistic-concurrency version; also the `ETag`."
                  }
                },
                "required": [
                  "plan_id",
                  "rep_id",
                  "unit_id",
                  "maturity",
                  "ramp_months_in_plan",
                  "state",
                  "proposals",
                  "agreed",
                  "version"
                ],
                "description": "One rep's targets in one plan, with the negotiation so far."
              },
              "CommentCreate": {
                "type": "object",
                "properties": {
                  "body": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 10000,
                    "description": "1 to 10000 characters, not only whitespace."
                  },
                  "rep_id": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "uuid",
                    "description": "The rep whose assignment the comment is about. A rep's comment defaults to their own assignment."
                  },
                  "proposal_id": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "uuid",
                    "description": "A proposal of this plan; sets `rep_id` to its rep."
                  },
                  "parent_id": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "uuid",
                    "description": "The comment of this plan it answers; a reply is about the same rep as its parent."
                  }
                },
                "required": [
                  "body"
                ],
                "additionalProperties": false
              },
              "Comment": {
                "type": "object",
                "properties": {
                  "id": {
                    "type": "string",
                    "format": "uuid"
                  },
                  "author_id": {
                    "type": "string",
                    "format": "uuid"
                  },
                  "body": {
                    "type": "string"
                  },
                  "rep_id": {
                    "anyOf": [
                      {
                        "type": "string",
                        "format": "uuid"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "proposal_id": {
                    "anyOf": [
                      {
                        "type": "string",
                        "format": "uuid"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "parent_id": {
                    "anyOf": [
                      {
                        "type": "string",
                        "format": "uuid"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "created_at": {
                    "type": "string",
                    "format": "date-time"
                  }
                },
                "required": [
                  "id",
                  "author_id",
                  "body",
                  "rep_id",
                  "proposal_id",
                  "parent_id",
                  "created_at"
                ],
                "description": "A comment; never edited or deleted. One with `rep_id` is visible to that rep, to managers above them, to leaders, admins and viewers."
              },
              "Approval": {
                "type": "object",
                "properties": {
                  "id": {
                    "type": "string",
                    "format": "uuid"
                  },
                  "subject": {
                    "type": "string",
                    "enum": [
                      "plan",
                      "adjustment"
                    ]
                  },
                  "subject_id": {
                    "type": "string",
                    "format": "uuid",
                    "description": "The plan's or the adjustment's id."
                  },
                  "decision": {
                    "type": "string",
                    "enum": [
                      "submitted",
                      "approved",
                      "rejected",
                      "withdrawn"
                    ]
                  },
                  "actor_id": {
                    "type": "string",
                    "format": "uuid"
                  },
                  "comment": {
                    "anyOf": [
                      {
                        "type": "string"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "at": {
                    "type": "string",
                    "format": "date-time"
                  }
                },
                "required": [
                  "id",
                  "subject",
                  "subject_id",
                  "decision",
                  "actor_id",
                  "comment",
                  "at"
                ],
                "description": "A recorded decision. Append-only: the database refuses UPDATE and DELETE on these records."
              },
              "AdjustmentChangeInput": {
                "type": "object",
                "properties": {
                  "rep_id": {
                    "type": "string",
                    "format": "uuid",
                    "description": "A rep with an assignment in the plan."
                  },
                  "metric": {
                    "type": "string",
                    "pattern": "^[a-z][a-z0-9_]{0,62}$",
                    "description": "A metric of the plan."
                  },
                  "month": {
                    "type": "string",
                    "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$",
                    "examples": [
                      "2027-01"
                    ],
                    "description": "A month of the plan after the current month (server date)."
                  },
                  "value": {
                    "$ref": "#/components/schemas/MetricInteger",
                    "description": "The new value; ramp rules apply."
                  }
                },
                "required": [
                  "rep_id",
                  "metric",
                  "month",
                  "value"
                ],
                "additionalProperties": false
              },
              "AdjustmentCreate": {
                "type": "object",
                "properties": {
                  "reason": {
                    "type": "string",
                    "minLength": 1,
                    "description": "Why; not only whitespace."
                  },
                  "changes": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/AdjustmentChangeInput"
                    },
                    "description": "At least one; the same rep, metric and month at most once.",
                    "minItems": 1
                  }
                },
                "required": [
                  "reason",
                  "changes"
                ],
                "additionalProperties": false
              },
              "AdjustmentChange": {
                "type": "object",
                "properties": {
                  "rep_id": {
                    "type": "string",
                    "format": "uuid"
                  },
                  "metric": {
                    "type": "string"
                  },
                  "month": {
                    "type": "string",
                    "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$",
                    "examples": [
                      "2027-01"
                    ]
                  },
                  "value": {
                    "$ref": "#/components/schemas/MetricInteger"
                  },
                  "before": {
                    "$ref": "#/components/schemas/MetricInteger",
                    "description": "The agreed value when the adjustment was requested."
                  }
                },
                "required": [
                  "rep_id",
                  "metric",
                  "month",
                  "value",
                  "before"
                ]
              },
              "AdjustmentImpact": {
                "type": "object",
                "properties": {
                  "unit_id": {
                    "type": "string",
                    "format": "uuid",
                    "description": "A unit with a goal above a changed rep."
                  },
                  "metric": {
                    "type": "string"
                  },
                  "goal": {
                    "$ref": "#/components/schemas/MetricInteger",
                    "description": "The unit's annual goal."
                  },
                  "agreed_before": {
                    "$ref": "#/components/schemas/MetricInteger",
                    "description": "Agreed annual total over the unit's subtree before."
                  },
                  "agreed_after": {
                    "$ref": "#/components/schemas/MetricInteger",
                    "description": "... and after the change."
                  }
                },
                "required": [
                  "unit_id",
                  "metric",
                  "goal",
                  "agreed_before",
                  "agreed_after"
                ]
              },
              "Adjustment": {
                "type": "object",
                "properties": {
                  "id": {
                    "type": "string",
                    "format": "uuid"
                  },
                  "state": {
                    "type": "string",
                    "enum": [
                      "pending",
                      "approved",
                      "rejected",
                      "withdrawn"
                    ]
                  },
                  "requested_by": {
                    "type": "string",
                    "format": "uuid"
                  },
                  "reason": {
                    "type": "string"
                  },
                  "changes": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/AdjustmentChange"
                    }
                  },
                  "impact": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/AdjustmentImpact"
                    }
                  },
                  "created_at": {
                    "type": "string",
                    "format": "date-time"
                  }
                },
                "required": [
                  "id",
                  "state",
                  "requested_by",
                  "reason",
                  "changes",
                  "impact",
                  "created_at"
                ],
                "description": "A requested change to a locked plan (the quarterly review)."
              },
              "AdjustmentDecision": {
                "type": "object",
                "properties": {
                  "comment": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Required (non-blank) for `reject`, optional otherwise."
                  }
                },
                "additionalProperties": false
              },
              "Revision": {
                "type": "object",
                "properties": {
                  "revision": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "1 is the agreed plan at lock; each approved adjustment touching the rep adds one."
                  },
                  "adjustment_id": {
                    "anyOf": [
                      {
                        "type": "string",
                        "format": "uuid",
                        "description": "The adjustment that made it; null for revision 1."
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "at": {
                    "type": "string",
                    "format": "date-time"
                  },
                  "values": {
                    "$ref": "#/components/schemas/MetricValues"
                  }
                },
                "required": [
                  "revision",
                  "adjustment_id",
                  "at",
                  "values"
                ],
                "description": "The rep's targets in force from `at` on."
              },
              "Event": {
                "type": "object",
                "properties": {
                  "seq": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "description": "Position in the plan's chain, from 1, without gaps."
                  },
                  "kind": {
                    "type": "string",
                    "description": "What happened, e.g. `plan.created`, `plan.updated`, `plan.publish`, `plan.approve`, `goal.created`, `goal.replaced`, `proposal.created`, `proposal.accepted`, `comment.created`, `adjustment.requested`, `adjustment.approved`."
                  },
                  "actor_id": {
                    "type": "string",
                    "format": "uuid",
                    "description": "Who did it."
                  },
                  "at": {
                    "type": "string",
                    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6}Z$",
                    "description": "When, UTC with microseconds, exactly as hashed."
                  },
                  "data": {
                    "description": "The event's data, a JSON value (an object for every current kind)."
                  },
                  "prev_hash": {
                    "type": "string",
                    "pattern": "^[0-9a-f]{64}$"
                  },
                  "hash": {
                    "type": "string",
                    "pattern": "^[0-9a-f]{64}$"
                  }
                },
                "required": [
                  "seq",
                  "kind",
                  "actor_id",
                  "at",
                  "data",
                  "prev_hash",
                  "hash"
                ],
                "description": "One event of a plan's append-only log. Hash chain: `hash` = lowercase hex SHA-256 of the UTF-8 text `prev_hash \"\\n\" seq \"\\n\" kind \"\\n\" actor_id \"\\n\" at \"\\n\" data` (the six fields joined by single line feeds, nothing before or after), where `seq` is decimal without leading zeros, `actor_id` the lowercase UUID, `at` exactly as returned (`YYYY-MM-DDTHH:MM:SS.ffffffZ`, UTC, six fractional digits) and `data` the event's JSON text exactly as stored and returned (the `data` member's text in the response body: compact, keys sorted, no insignificant whitespace; the server never reformats it). The first event's `prev_hash` is 64 zeros; every later one is the previous event's `hash`."
              },
              "AuditResult": {
                "description": "`{\"ok\": true, \"events\": N}` when every link of the chain holds (recomputed by the server from the stored events), else `{\"ok\": false, \"broken_at\": seq}` naming the first event whose `seq`, `prev_hash` or `hash` is wrong.",
                "oneOf": [
                  {
                    "type": "object",
                    "properties": {
                      "ok": {
                        "const": true
                      },
                      "events": {
                        "type": "integer",
                        "minimum": 0,
                        "description": "Events checked."
                      }
                    },
                    "required": [
                      "ok",
                      "events"
                    ],
                    "title": "AuditOk"
                  },
                  {
                    "type": "object",
                    "properties": {
                      "ok": {
                        "const": false
                      },
                      "broken_at": {
                        "type": "integer",
                        "format": "int64",
                        "minimum": 1
                      }
                    },
                    "required": [
                      "ok",
                      "broken_at"
                    ],
                    "title": "AuditBroken"
                  }
                ]
              },
              "FunnelBaseline": {
                "type": "object",
                "properties": {
                  "revenue": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "maximum": 9007199254740991,
                    "description": "Last year's revenue, minor currency units; positive."
                  },
                  "deals": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "maximum": 9007199254740991,
                    "description": "Deals won; positive."
                  },
                  "qualified_leads": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "maximum": 9007199254740991,
                    "description": "Qualified leads worked; positive."
                  },
                  "lead_cost": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "format": "int64",
                    "minimum": 0,
                    "maximum": 9007199254740991,
                    "description": "Cost of one qualified lead, minor currency units."
                  }
                },
                "required": [
                  "revenue",
                  "deals",
                  "qualified_leads"
                ],
                "additionalProperties": false
              },
              "FunnelSolveRequest": {
                "type": "object",
                "properties": {
                  "baseline": {
                    "$ref": "#/components/schemas/FunnelBaseline"
                  },
                  "target_revenue": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "maximum": 9007199254740991,
                    "description": "The revenue to reach, minor currency units; positive."
                  }
                },
                "required": [
                  "baseline",
                  "target_revenue"
                ],
                "additionalProperties": false
              },
              "Lever": {
                "type": "object",
                "properties": {
                  "baseline": {
                    "$ref": "#/components/schemas/MetricInteger",
                    "description": "The lever's baseline value: average deal size (minor currency units), win rate (bps), or qualified leads."
                  },
                  "needed": {
                    "$ref": "#/components/schemas/MetricInteger",
                    "description": "The value the lever needs alone to reach the target, everything else at baseline; rounded up."
                  },
                  "growth_bps": {
                    "anyOf": [
                      {
                        "type": "integer",
                        "format": "int64",
                        "minimum": -9007199254740991,
                        "maximum": 9007199254740991,
                        "description": "(needed - baseline) x 10000 / baseline, rounded half up (half away from zero); null when the baseline is 0 or the growth would leave +/-9007199254740991 (the lever's flag is still raised)."
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "marketing_budget": {
                    "$ref": "#/components/schemas/MetricInteger",
                    "description": "Only on the `leads` lever, and only when `lead_cost` was given: needed leads x lead cost."
                  }
                },
                "required": [
                  "baseline",
                  "needed",
                  "growth_bps"
                ],
                "description": "What one lever needs to carry the target alone."
              },
              "FunnelSolution": {
                "type": "object",
                "properties": {
                  "avg_deal_size": {
                    "$ref": "#/components/schemas/MetricInteger",
                    "description": "Baseline revenue per deal, rounded half up."
                  },
                  "win_rate_bps": {
                    "$ref": "#/components/schemas/MetricInteger",
                    "description": "Baseline deals per qualified lead in bps, rounded half up."
                  },
                  "needed_deals": {
                    "$ref": "#/components/schemas/MetricInteger",
                    "description": "Deals needed at the baseline deal size, rounded up."
                  },
                  "levers": {
                    "type": "object",
                    "properties": {
                      "deal_size": {
                        "$ref": "#/components/schemas/Lever"
                      },
                      "win_rate": {
                        "$ref": "#/components/schemas/Lever"
                      },
                      "leads": {
                        "$ref": "#/components/schemas/Lever"
                      }
                    },
                    "required": [
                      "deal_size",
                      "win_rate",
                      "leads"
                    ],
                    "description": "Each single lever: `deal_size` (bigger deals, same number of deals), `win_rate` (better conversion of the same leads), `leads` (more leads at the same conversion and deal size)."
                  },
                  "marketing_budget": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/MetricInteger",
                        "description": "Needed leads x `lead_cost`: the whole budget, not the increase. Null without `lead_cost`."
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "flags": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "enum": [
                        "deal_size_growth_unrealistic",
                        "win_rate_growth_unrealistic",
                        "win_rate_impossible",
                        "leads_growth_unrealistic"
                      ]
                    },
                    "description": "`deal_size_growth_unrealistic`: deal size growth above 2000 bps (20 %). `win_rate_growth_unrealistic`: win rate growth above 3000 bps (30 %). `win_rate_impossible`: the needed win rate exceeds 10000 bps (100 %). `leads_growth_unrealistic`: lead growth above 10000 bps (doubling)."
                  }
                },
                "required": [
                  "avg_deal_size",
                  "win_rate_bps",
                  "needed_deals",
                  "levers",
                  "marketing_budget",
                  "flags"
                ],
                "description": "What each single lever needs to turn the baseline into the target revenue. Requirements round up, each derived from the exact baseline ratios so rounding never compounds; growth rounds half up."
              },
              "ReconciliationRow": {
                "type": "object",
                "properties": {
                  "id": {
                    "type": "string",
                    "format": "uuid",
                    "description": "Unit or rep id."
                  },
                  "kind": {
                    "type": "string",
                    "enum": [
                      "unit",
                      "rep"
                    ]
                  },
                  "name": {
                    "type": "string"
                  },
                  "top_down": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/MetricInteger",
                        "description": "Unit: its goal. Rep: the latest manager-side proposal (null if none)."
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "bottom_up": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/MetricInteger",
                        "description": "Rep: the latest rep-side proposal. Unit: sum over its subtree (null when no rep has one)."
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "agreed": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/MetricInteger",
                        "description": "Rep: the agreed value. Unit: sum over its subtree's agreed reps (null when none is agreed)."
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "last_year": {
                    "$ref": "#/components/schemas/MetricInteger",
                    "description": "Actuals of the 12 months before the plan's start (summed for a unit; 0 when none)."
                  },
                  "gap": {
                    "anyOf": [
                      {
                        "type": "integer",
                        "format": "int64",
                        "minimum": -9007199254740991,
                        "maximum": 9007199254740991,
                        "description": "top_down - bottom_up; null when either is null."
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "stretch_bps": {
                    "anyOf": [
                      {
                        "type": "integer",
                        "format": "int64",
                        "minimum": 0,
                        "maximum": 9007199254740991,
                        "description": "top_down x 10000 / bottom_up, half up; null when either is null, bottom_up is 0, or it would leave +/-9007199254740991 (then flagged `stretch_above_limit`)."
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "growth_bps": {
                    "anyOf": [
                      {
                        "type": "integer",
                        "format": "int64",
                        "minimum": -9007199254740991,
                        "maximum": 9007199254740991,
                        "description": "(top_down - last_year) x 10000 / last_year, half away from zero; null when top_down is null, last_year is 0, or it would leave +/-9007199254740991."
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "flags": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "enum": [
                        "stretch_above_limit",
                        "above_capacity",
                        "below_last_year",
                        "no_estimate"
                      ]
                    },
                    "description": "`stretch_above_limit`: stretch above the plan's `stretch_limit_bps`; `above_capacity`: a unit's goal above its capacity; `below_last_year`: top-down or agreed below last year; `no_estimate`: the rep (or some rep of the unit) has proposed nothing yet."
                  }
                },
                "required": [
                  "id",
                  "kind",
                  "name",
                  "top_down",
                  "bottom_up",
                  "agreed",
                  "last_year",
                  "gap",
                  "stretch_bps",
                  "growth_bps",
                  "flags"
                ]
              },
              "ReconciliationTotals": {
                "type": "object",
                "properties": {
                  "goal": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/MetricInteger",
                        "description": "The unit's own goal (annual)."
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "sum_agreed": {
                    "$ref": "#/components/schemas/MetricInteger",
                    "description": "Agreed values over the unit's whole subtree."
                  },
                  "sum_bottom_up": {
                    "$ref": "#/components/schemas/MetricInteger",
                    "description": "Bottom-up values over the unit's whole subtree."
                  },
                  "unallocated": {
                    "anyOf": [
                      {
                        "type": "integer",
                        "format": "int64",
                        "minimum": -9007199254740991,
                        "maximum": 9007199254740991,
                        "description": "goal - sum_agreed; null without a goal."
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "within_tolerance": {
                    "anyOf": [
                      {
                        "type": "boolean",
                        "description": "Whether sum_agreed is within the plan's tolerance_bps of the goal; null without a goal."
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "capacity": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/MetricInteger",
                        "description": "The unit's capacity for the metric, if set."
                      },
                      {
                        "type": "null"
                      }
                    ]
                  }
                },
                "required": [
                  "goal",
                  "sum_agreed",
                  "sum_bottom_up",
                  "unallocated",
                  "within_tolerance",
                  "capacity"
                ]
              },
              "Reconciliation": {
                "type": "object",
                "properties": {
                  "unit_id": {
                    "type": "string",
                    "format": "uuid",
                    "description": "The unit reconciled."
                  },
                  "metric": {
                    "type": "string"
                  },
                  "rows": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/ReconciliationRow"
                    },
                    "description": "Child units in tree order (rolled up over their subtrees), then the reps directly in the unit."
                  },
                  "totals": {
                    "$ref": "#/components/schemas/ReconciliationTotals"
                  }
                },
                "required": [
                  "unit_id",
                  "metric",
                  "rows",
                  "totals"
                ],
                "description": "Top-down meets bottom-up for one unit and one metric (annual figures)."
              },
              "Explanation": {
                "type": "object",
                "properties": {
                  "plan_id": {
                    "type": "string",
                    "format": "uuid"
                  },
                  "rep_id": {
                    "type": "string",
                    "format": "uuid"
                  },
                  "maturity": {
                    "type": "string",
                    "enum": [
                      "ramping",
                      "veteran"
                    ]
                  },
                  "ramp_months_in_plan": {
                    "type": "integer",
                    "minimum": 0
                  },
                  "ramp_months": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$",
                      "examples": [
                        "2027-01"
                      ]
                    },
                    "description": "The plan months that are ramp months for this rep."
                  },
                  "target_source": {
                    "type": "string",
                    "enum": [
                      "agreed",
                      "latest_proposal",
                      "none"
                    ],
                    "description": "Where `targets` come from: the agreed values, the latest proposal (either side), or nothing yet."
                  },
                  "targets": {
                    "$ref": "#/components/schemas/MetricValues"
                  },
                  "goal_share": {
                    "type": "object",
                    "properties": {
                      "unit_id": {
                        "type": "string",
                        "format": "uuid",
                        "description": "The rep's unit, or its nearest ancestor with a goal."
                      },
                      "goal": {
                        "type": "object",
                        "additionalProperties": {
                          "$ref": "#/components/schemas/MetricInteger"
                        },
                        "description": "That unit's annual goal per metric."
                      },
                      "reps": {
                        "type": "integer",
                        "minimum": 0,
                        "description": "Assignments in that unit's subtree."
                      },
                      "even_share": {
                        "type": "object",
                        "additionalProperties": {
                          "$ref": "#/components/schemas/MetricInteger"
                        },
                        "description": "goal / reps per metric, rounded down."
                      },
                      "target_share_bps": {
                        "type": "object",
                        "additionalProperties": {
                          "$ref": "#/components/schemas/MetricInteger"
                        },
                        "description": "The rep's annual target x 10000 / goal per metric (metrics with a positive goal), rounded down; a metric whose share would exceed 9007199254740991 bps is left out."
                      }
                    },
                    "required": [
                      "unit_id",
                      "goal",
                      "reps",
                      "even_share",
                      "target_share_bps"
                    ],
                    "description": "Absent when no unit above the rep has a goal."
                  },
                  "seasonality": {
                    "type": "object",
                    "properties": {
                      "source": {
                        "type": "string",
                        "enum": [
                          "last_year",
                          "even"
                        ]
                      },
                      "weights": {
                        "type": "array",
                        "items": {
                          "$ref": "#/components/schemas/MetricInteger"
                        },
                        "description": "One weight per plan month: the rep's revenue actuals of the same calendar month last year, or 1 each without history."
                      }
                    },
                    "required": [
                      "source",
                      "weights"
                    ]
                  },
                  "funnel": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "properties": {
                        "side": {
                          "type": "string",
                          "enum": [
                            "rep",
                            "manager"
                          ]
                        },
                        "proposal_id": {
                          "type": "string",
                          "format": "uuid"
                        },
                        "assumptions": {
                          "$ref": "#/components/schemas/Assumptions"
                        },
                        "implied_revenue": {
                          "$ref": "#/components/schemas/MetricInteger",
                          "description": "What the assumptions imply."
                        },
                        "proposed_revenue": {
                          "$ref": "#/components/schemas/MetricInteger",
                          "description": "The proposal's annual revenue."
                        },
                        "consistent": {
                          "type": "boolean"
                        }
                      },
                      "required": [
                        "side",
                        "proposal_id",
                        "assumptions",
                        "proposed_revenue",
                        "consistent"
                      ]
                    },
                    "description": "Per side, the latest proposal that carried funnel assumptions, and what they imply."
                  },
                  "last_year": {
                    "$ref": "#/components/schemas/MetricValues",
                    "description": "The rep's actuals of the 12 months before the plan's start per metric (12 months, oldest first)."
                  }
                },
                "required": [
                  "plan_id",
                  "rep_id",
                  "maturity",
                  "ramp_months_in_plan",
                  "ramp_months",
                  "target_source",
                  "targets",
                  "seasonality",
                  "funnel",
                  "last_year"
                ],
                "description": "The inputs behind a rep's numbers: goal share, seasonality weights, ramp months, funnel assumptions and what they imply, last year's actuals."
              },
              "BreakdownRow": {
                "description": "One period's targets per metric key. Month rows carry `month`; quarter rows `quarter` (each metric combined by its aggregation: `sum`, `average` rounded half up, or the quarter's `last` month); week rows `week` and `month`: one piece of a month, its target split by its working days (Mon-Fri) in that week, so a week spanning two months gives one row per month and each month's rows sum exactly to the month (metrics aggregated by `average` or `last` are not split: each week row carries the month's value).",
                "oneOf": [
                  {
                    "type": "object",
                    "properties": {
                      "month": {
                        "type": "string",
                        "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$",
                        "examples": [
                          "2027-01"
                        ]
                      },
                      "values": {
                        "type": "object",
                        "additionalProperties": {
                          "$ref": "#/components/schemas/MetricInteger"
                        },
                        "description": "Value per metric key."
                      }
                    },
                    "required": [
                      "month",
                      "values"
                    ],
                    "additionalProperties": false,
                    "title": "MonthRow"
                  },
                  {
                    "type": "object",
                    "properties": {
                      "quarter": {
                        "type": "string",
                        "pattern": "^[0-9]{4}-Q[1-4]$"
                      },
                      "values": {
                        "type": "object",
                        "additionalProperties": {
                          "$ref": "#/components/schemas/MetricInteger"
                        },
                        "description": "Value per metric key."
                      }
                    },
                    "required": [
                      "quarter",
                      "values"
                    ],
                    "additionalProperties": false,
                    "title": "QuarterRow"
                  },
                  {
                    "type": "object",
                    "properties": {
                      "week": {
                        "type": "string",
                        "pattern": "^[0-9]{4}-W(0[1-9]|[1-4][0-9]|5[0-3])$"
                      },
                      "month": {
                        "type": "string",
                        "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$",
                        "examples": [
                          "2027-01"
                        ]
                      },
                      "values": {
                        "type": "object",
                        "additionalProperties": {
                          "$ref": "#/components/schemas/MetricInteger"
                        },
                        "description": "Value per metric key."
                      }
                    },
                    "required": [
                      "week",
                      "month",
                      "values"
                    ],
                    "additionalProperties": false,
                    "title": "WeekRow"
                  }
                ]
              },
              "ActualRow": {
                "type": "object",
                "properties": {
                  "user_id": {
                    "type": "string",
                    "format": "uuid",
                    "description": "A user of the organization the caller may record actuals for."
                  },
                  "metric": {
                    "type": "string",
                    "pattern": "^[a-z][a-z0-9_]{0,62}$",
                    "description": "Metric key."
                  },
                  "date": {
                    "type": "string",
                    "format": "date",
                    "description": "`YYYY-MM-DD`."
                  },
                  "value": {
                    "$ref": "#/components/schemas/MetricInteger"
                  }
                },
                "required": [
                  "user_id",
                  "metric",
                  "date",
                  "value"
                ],
                "additionalProperties": false
              },
              "ActualsRequest": {
                "type": "object",
                "properties": {
                  "rows": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/ActualRow"
                    },
                    "description": "At least one; all stored or none. The same user, metric and date at most once.",
                    "minItems": 1
                  }
                },
                "required": [
                  "rows"
                ],
                "additionalProperties": false
              },
              "ActualsResult": {
                "type": "object",
                "properties": {
                  "stored": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Rows stored (inserted or replaced)."
                  }
                },
                "required": [
                  "stored"
                ],
                "description": "Every row was stored."
              },
              "MetricProgress": {
                "type": "object",
                "properties": {
                  "target": {
                    "$ref": "#/components/schemas/MetricInteger",
                    "description": "The plan's whole target for the metric."
                  },
                  "target_to_date": {
                    "$ref": "#/components/schemas/MetricInteger",
                    "description": "What the plan expects by `as_of`: whole months before it plus the working-day share of its month."
                  },
                  "actual_to_date": {
                    "$ref": "#/components/schemas/MetricInteger",
                    "description": "Actuals from the plan's first day to `as_of` (not past the plan's end)."
                  },
                  "attainment_bps": {
                    "anyOf": [
                      {
                        "type": "integer",
                        "format": "int64",
                        "minimum": 0,
                        "maximum": 9007199254740991,
                        "description": "actual_to_date x 10000 / target, half up; null when the target is 0 or it would leave +/-9007199254740991."
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "pace_bps": {
                    "anyOf": [
                      {
                        "type": "integer",
                        "format": "int64",
                        "minimum": 0,
                        "maximum": 9007199254740991,
                        "description": "actual_to_date x 10000 / target_to_date, half up; null when nothing is expected yet or it would leave +/-9007199254740991."
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "forecast": {
                    "anyOf": [
                      {
                        "type": "integer",
                        "format": "int64",
                        "minimum": 0,
                        "maximum": 9007199254740991,
                        "description": "Run-rate forecast for the plan: actual_to_date x the plan's working days / elapsed working days, half up (the actual itself before any working day elapsed); null when it would leave +/-9007199254740991."
                      },
                      {
                        "type": "null"
                      }
                    ]
                  }
                },
                "required": [
                  "target",
                  "target_to_date",
                  "actual_to_date",
                  "attainment_bps",
                  "pace_bps",
                  "forecast"
                ]
              },
              "RepProgress": {
                "type": "object",
                "properties": {
                  "rep_id": {
                    "type": "string",
                    "format": "uuid"
                  },
                  "name": {
                    "type": "string"
                  },
                  "unit_id": {
                    "type": "string",
                    "format": "uuid"
                  },
                  "metrics": {
                    "type": "object",
                    "additionalProperties": {
                      "$ref": "#/components/schemas/MetricProgress"
                    },
                    "description": "Every metric of the plan, by key."
                  },
                  "lagging_stage": {
                    "anyOf": [
                      {
                        "type": "string",
                        "description": "The funnel stage (qualified_leads, visits, deals, revenue: those the plan has) with the lowest pace; ties go to the stage nearer the top. Null when none has a pace."
                      },
                      {
                        "type": "null"
                      }
                    ]
                  }
                },
                "required": [
                  "rep_id",
                  "name",
                  "unit_id",
                  "metrics",
                  "lagging_stage"
                ]
              },
              "Progress": {
                "type": "object",
                "properties": {
                  "as_of": {
                    "type": "string",
                    "format": "date"
                  },
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/RepProgress"
                    },
                    "description": "Ordered by rep name, then rep id."
                  },
                  "next_cursor": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "The last rep's id when more reps follow (pass it as `cursor`); null on the last page."
                  }
                },
                "required": [
                  "as_of",
                  "items",
                  "next_cursor"
                ],
                "description": "Actuals against targets per rep and metric."
              },
              "BreakdownList": {
                "type": "object",
                "properties": {
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/BreakdownRow"
                    },
                    "description": "In time order; empty when the rep has no targets yet."
                  },
                  "next_cursor": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Always null: the whole plan is one page."
                  }
                },
                "required": [
                  "items",
                  "next_cursor"
                ],
                "description": "Targets per period."
              },
              "UserList": {
                "type": "object",
                "properties": {
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/User"
                    }
                  },
                  "next_cursor": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Pass as `cursor` to get the next page; null on the last page."
                  }
                },
                "required": [
                  "items",
                  "next_cursor"
                ],
                "description": "A page of User items."
              },
              "UnitList": {
                "type": "object",
                "properties": {
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Unit"
                    }
                  },
                  "next_cursor": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Pass as `cursor` to get the next page; null on the last page."
                  }
                },
                "required": [
                  "items",
                  "next_cursor"
                ],
                "description": "A page of Unit items."
              },
              "PlanList": {
                "type": "object",
                "properties": {
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Plan"
                    }
                  },
                  "next_cursor": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Pass as `cursor` to get the next page; null on the last page."
                  }
                },
                "required": [
                  "items",
                  "next_cursor"
                ],
                "description": "A page of Plan items."
              },
              "GoalList": {
                "type": "object",
                "properties": {
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Goal"
                    }
                  },
                  "next_cursor": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Pass as `cursor` to get the next page; null on the last page."
                  }
                },
                "required": [
                  "items",
                  "next_cursor"
                ],
                "description": "A page of Goal items."
              },
              "AssignmentList": {
                "type": "object",
                "properties": {
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Assignment"
                    }
                  },
                  "next_cursor": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Pass as `cursor` to get the next page; null on the last page."
                  }
                },
                "required": [
                  "items",
                  "next_cursor"
                ],
                "description": "A page of Assignment items."
              },
              "CommentList": {
                "type": "object",
                "properties": {
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Comment"
                    }
                  },
                  "next_cursor": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Pass as `cursor` to get the next page; null on the last page."
                  }
                },
                "required": [
                  "items",
                  "next_cursor"
                ],
                "description": "A page of Comment items."
              },
              "ApprovalList": {
                "type": "object",
                "properties": {
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Approval"
                    }
                  },
                  "next_cursor": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Pass as `cursor` to get the next page; null on the last page."
                  }
                },
                "required": [
                  "items",
                  "next_cursor"
                ],
                "description": "A page of Approval items."
              },
              "AdjustmentList": {
                "type": "object",
                "properties": {
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Adjustment"
                    }
                  },
                  "next_cursor": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Pass as `cursor` to get the next page; null on the last page."
                  }
                },
                "required": [
                  "items",
                  "next_cursor"
                ],
                "description": "A page of Adjustment items."
              },
              "RevisionList": {
                "type": "object",
                "properties": {
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Revision"
                    }
                  },
                  "next_cursor": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Pass as `cursor` to get the next page; null on the last page."
                  }
                },
                "required": [
                  "items",
                  "next_cursor"
                ],
                "description": "A page of Revision items."
              },
              "EventList": {
                "type": "object",
                "properties": {
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Event"
                    }
                  },
                  "next_cursor": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "The `seq` of the last event when the page is full (pass it as `after` to continue); null otherwise."
                  }
                },
                "required": [
                  "items",
                  "next_cursor"
                ],
                "description": "A page of Event items."
              },
              "Status": {
                "type": "object",
                "properties": {
                  "status": {
                    "type": "string"
                  }
                },
                "required": [
                  "status"
                ]
              }
            },
            "parameters": {
              "Limit": {
                "name": "limit",
                "in": "query",
                "required": false,
                "description": "Page size, 1 to 500 (`422 validation_failed` otherwise).",
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 500,
                  "default": 50
                }
              },
              "Cursor": {
                "name": "cursor",
                "in": "query",
                "required": false,
                "description": "The `next_cursor` of the previous page (`422 validation_failed` when it is not one).",
                "schema": {
                  "type": "string"
                }
              },
              "IfMatch": {
                "name": "If-Match",
                "in": "header",
                "required": true,
                "description": "`\"<version>\"` (the resource's `ETag`; `W/` is tolerated). Missing: `428 precondition_required`. Stale: `412 version_conflict` with `current_version` (a malformed tag matches nothing: also 412).",
                "schema": {
                  "type": "string",
                  "examples": [
                    "\"7\""
                  ]
                }
              },
              "IdempotencyKey": {
                "name": "Idempotency-Key",
                "in": "header",
                "required": false,
                "description": "1 to 255 characters (`422 validation_failed` with field `Idempotency-Key` otherwise). A retry with the same key, method, URL and body returns the original status, body and `Content-Type`/`ETag`/`Location` headers, with `Idempotent-Replayed: true`, without doing the work again. The same key with a different request is `422 idempotency_key_reused`. While the first request with a key is still running, a duplicate waits for it and then replays its response. Keys are scoped to the caller (the authenticated user) and kept 48 hours; the work and the recorded response commit in one transaction; a server error (5xx) records nothing, so the request can be retried. Stored responses are sealed with a key derived from the Idempotency-Key, and only a hash of the key is stored.",
                "schema": {
                  "type": "string",
                  "minLength": 1,
                  "maxLength": 255
                }
              },
              "PlanId": {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "The plan. Not a UUID, unknown, or of another organization: `404`.",
                "schema": {
                  "type": "string",
                  "format": "uuid"
                }
              },
              "UserId": {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "The user. Not a UUID, unknown, or of another organization: `404`.",
                "schema": {
                  "type": "string",
                  "format": "uuid"
                }
              },
              "UnitId": {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "The unit. Not a UUID, unknown, or of another organization: `404`.",
                "schema": {
                  "type": "string",
                  "format": "uuid"
                }
              },
              "GoalUnitId": {
                "name": "unit_id",
                "in": "path",
                "required": true,
                "description": "The unit the goal is for; unknown: `404`.",
                "schema": {
                  "type": "string",
                  "format": "uuid"
                }
              },
              "RepId": {
                "name": "rep_id",
                "in": "path",
                "required": true,
                "description": "The rep whose assignment it is. An assignment the caller may not see is `404` (a rep sees only their own).",
                "schema": {
                  "type": "string",
                  "format": "uuid"
                }
              },
              "ProposalId": {
                "name": "proposal_id",
                "in": "path",
                "required": true,
                "description": "A proposal on this assignment.",
                "schema": {
                  "type": "string",
                  "format": "uuid"
                }
              },
              "AdjustmentId": {
                "name": "aid",
                "in": "path",
                "required": true,
                "description": "An adjustment of this plan.",
                "schema": {
                  "type": "string",
                  "format": "uuid"
                }
              }
            },
            "headers": {
              "X-Request-Id": {
                "description": "The id of this request; it is on every log line the request produced. Sent on every response.",
                "schema": {
                  "type": "string"
                }
              },
              "ETag": {
                "description": "The resource's version as a strong entity tag, `\"<version>\"`. Send it back in `If-Match` to change the resource.",
                "schema": {
                  "type": "string",
                  "pattern": "^\"[0-9]+\"$"
                }
              },
              "Allow": {
                "description": "The methods the path supports, e.g. `GET, POST`.",
                "schema": {
                  "type": "string"
                }
              },
              "Idempotent-Replayed": {
                "description": "`true` when this response is the stored response of an earlier request with the same `Idempotency-Key` (the work was not done again).",
                "schema": {
                  "type": "string",
                  "enum": [
                    "true"
                  ]
                }
              },
              "Retry-After": {
                "description": "Seconds to wait before retrying.",
                "schema": {
                  "type": "integer",
                  "minimum": 1
                }
              }
            },
            "responses": {
              "TooManySignInAttempts": {
                "description": "`too_many_attempts`: too many failed sign-ins for this e-mail (default 5) or from this client address (default 20) within the window (default 15 minutes). Every attempt is refused, the right password too, until `Retry-After` seconds have passed; the body's `retry_after` repeats it.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "Retry-After": {
                    "$ref": "#/components/headers/Retry-After"
                  }
                },
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "MalformedJSON": {
                "description": "`malformed_json`: the body is not one valid JSON value (RFC 8259; duplicate keys and nesting deeper than 64 are refused too).",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "Unauthenticated": {
                "description": "`unauthenticated`: the bearer token is missing, unknown or revoked.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "NotFound": {
                "description": "`not_found`: no such resource in the caller's organization, or one the caller may not know exists.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "MethodNotAllowed": {
                "description": "`method_not_allowed`: the path exists but not with this method. `Allow` lists the methods it has.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "Allow": {
                    "$ref": "#/components/headers/Allow"
                  }
                },
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "VersionConflict": {
                "description": "`version_conflict`: `If-Match` names a version that is no longer current. The body's `current_version` and the `ETag` header give the current one.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "ETag": {
                    "$ref": "#/components/headers/ETag"
                  }
                },
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "PayloadTooLarge": {
                "description": "`payload_too_large`: the body exceeds 1 MiB.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "PreconditionRequired": {
                "description": "`precondition_required`: the change needs `If-Match: \"<version>\"`.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "InternalError": {
                "description": "`internal` (500): an unexpected error; it has been logged with the request id. Nothing was changed.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "Unavailable": {
                "description": "`database_unavailable`: the database is down or restarting; retry after `Retry-After` seconds. No work was done, or (for a write whose connection broke while committing) retry with the same `Idempotency-Key` to learn the outcome.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "Retry-After": {
                    "$ref": "#/components/headers/Retry-After"
                  }
                },
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              }
            }
          }
        }
        """#
}
