from tests.authz.matrix import Route, everyone

ROWS = [
    Route("opendata.list_public_reports", "GET", "/reports", everyone()),
    Route("opendata.reports_csv", "GET", "/reports.csv", everyone()),
    Route("opendata.reports_json", "GET", "/reports.json", everyone()),
    Route("opendata.reports_feed", "GET", "/reports.atom", everyone()),
    Route("opendata.contracts_csv", "GET", "/contracts.csv", everyone()),
    Route("opendata.contracts_json", "GET", "/contracts.json", everyone()),
    Route("opendata.contract_ocds", "GET", "/contracts/{a}/ocds.json", everyone()),
    Route("opendata.search", "GET", "/search?q=hospital", everyone()),
]
