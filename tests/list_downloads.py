"""Reading a staff list's downloads in tests: the CSV (header and rows) and the XLSX (rows) a
list gives for a query string, through the test client."""

import csv
import io

from openpyxl import load_workbook


def exported(client, url, query) -> tuple[list[str], list[list[str]]]:
    """The CSV download of ``url`` with ``query``: (header, rows)."""
    response = client.get(url, {**query, "format": "csv"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(content)))
    return header, rows


def exported_xlsx(client, url, query) -> list[tuple]:
    """The rows of the XLSX download of ``url`` with ``query`` (its first sheet)."""
    response = client.get(url, {**query, "format": "xlsx"})
    assert response.status_code == 200
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
