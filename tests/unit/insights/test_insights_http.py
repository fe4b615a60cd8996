"""The report over HTTP on the shared health server, and `mobility report` reading it."""

import asyncio
import json
import urllib.error
import urllib.request
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from mobility.main import app
from services.common.database import create_database
from services.common.health import HealthServer
from services.insights.app import SPEC
from services.insights.indicators.policy import InsightsPolicy
from services.insights.pages import report_pages
from tests.unit.insights.recorded import records


async def _nothing() -> bytes:
    return b""


async def _ready() -> bool:
    return True


async def test_report_json_csv_and_command_line_on_the_health_port() -> None:
    engine = create_database("sqlite://", SPEC.tables)
    SPEC.processor(engine).process_batch(records())
    pages = report_pages(engine, SimpleNamespace(policy=InsightsPolicy()))
    server = HealthServer(0, _ready, _nothing, pages)
    await server.start()
    try:
        assert server._server is not None
        url = f"http://127.0.0.1:{server._server.sockets[0].getsockname()[1]}"

        def get(path: str) -> tuple[int, bytes]:
            try:
                with urllib.request.urlopen(url + path, timeout=60) as response:
                    return response.status, response.read()
            except urllib.error.HTTPError as exc:
                return exc.code, exc.read()

        status, body = await asyncio.to_thread(get, "/report.json?partnership=TN")
        assert status == 200 and json.loads(body)["groups"] == ["TN"]
        status, body = await asyncio.to_thread(get, "/report.json?sector=nothing")
        assert status == 400 and b"sector" in body
        status, body = await asyncio.to_thread(get, "/health/live")
        assert status == 200
        runner = CliRunner()
        shown = await asyncio.to_thread(runner.invoke, app, ["report", "--url", url])
        assert shown.exit_code == 0, shown.output
        assert "registered" in shown.output and "<5" in shown.output
        as_json = await asyncio.to_thread(runner.invoke, app, ["report", "--url", url, "--json", "--partnership", "EG"])
        assert as_json.exit_code == 0 and json.loads(as_json.output)["groups"] == ["EG"]
        standing = await asyncio.to_thread(runner.invoke, app, ["report", "--url", url, "--partnership", "TN"])
        assert standing.exit_code == 0 and "employers" in standing.output.split("standing", 1)[1]
    finally:
        await server.stop()


@pytest.mark.parametrize("url", ["http://127.0.0.1:9"])
def test_report_says_where_it_looked_when_no_service_answers(url: str) -> None:
    result = CliRunner().invoke(app, ["report", "--url", url])
    assert result.exit_code == 2 and "no insights service" in result.output
