from tests.authz.matrix import Route, everyone

ROWS = [
    Route("health.healthz", "GET", "/healthz", everyone()),
]
