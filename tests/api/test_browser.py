"""The dashboard in Debian's Chromium (Playwright), served by uvicorn on loopback over a real store.

Every request that is not to 127.0.0.1 is aborted and fails the test, and so does any console
error or uncaught exception. Screenshots of each panel and of the evidence view are kept in
test-artifacts/browser/ (git-ignored).
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts" / "browser"
VENDOR = REPO / "src" / "communique" / "surfaces" / "web" / "vendor"

pytestmark = [
    pytest.mark.model,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed at /usr/bin/chromium "
                                                     "(apt-get install chromium chromium-driver; .ci/run does)"),
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not (VENDOR / "d3.min.js").exists():
        pytest.fail(f"the dashboard's third-party files are not built in {VENDOR}: run `make assets` (npm ci)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    """Return a fresh page whose every off-loopback request is aborted and recorded, as are console errors."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    problems: list[str] = []

    def guard(route):
        host = urlparse(route.request.url).hostname
        if host != "127.0.0.1":
            problems.append(f"request to another host: {route.request.url}")
            return route.abort()
        return route.continue_()

    context.route("**/*", guard)
    pg.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.base = live_server[0]
    pg.allowed = ()  # console messages a test expects (e.g. Chromium's note on a 422 it provoked)
    yield pg
    context.close()
    problems = [p for p in problems if not any(a in p for a in pg.allowed)]
    assert not problems, problems


def _state(pg) -> dict[str, list[str]]:
    return parse_qs(urlparse(pg.url).query)


def _loaded(pg) -> None:
    pg.wait_for_selector("#events tbody tr[data-event]")
    for chart in ("#timeline svg rect.bar", "#network svg .node circle", "#map svg circle.place"):
        pg.wait_for_selector(chart, state="attached")  # a zero-height bar is drawn but not "visible"
    pg.wait_for_function("document.getElementById('status').textContent.includes('events from')")


def test_every_panel_renders_from_the_api(page):
    start = time.perf_counter()
    page.goto(page.base + "/?dyad=AZE-TUR")
    _loaded(page)
    elapsed = time.perf_counter() - start
    assert elapsed < 10, f"first render took {elapsed:.1f} s"
    assert "AZE-TUR" in page.inner_text("#timeline h2")
    assert page.locator("#map svg path.land").count() > 100  # the world's country shapes
    assert page.locator("#network svg line.edge").count() >= 1
    rows = page.locator("#events tbody tr[data-event]")
    assert rows.count() >= 1 and all("AZE" in rows.nth(i).inner_text() for i in range(rows.count()))
    for panel in ("timeline", "network", "map", "events"):
        page.locator(f"#{panel}").screenshot(path=str(ARTIFACTS / f"{panel}.png"))
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)


def test_evidence_view_marks_trigger_and_actors_and_lives_in_the_url(page, seed_path):  # the seed's CONSULT
    page.goto(page.base + "/?dyad=AZE-TUR&type=CONSULT")
    _loaded(page)
    page.locator("#events tbody tr[data-event]").first.click()
    page.wait_for_selector("#evidence .mention mark.trigger")
    event_id = _state(page)["event"][0]
    assert page.locator("#evidence mark.actor").count() >= 1
    meta = page.inner_text("#evidence .mention .meta")
    assert "2024-08-28" in meta and "sentence" in meta
    page.locator("#evidence").screenshot(path=str(ARTIFACTS / "evidence.png"))
    # The shared link shows the same view.
    page.goto(page.url)
    page.wait_for_selector("#evidence .mention mark.trigger")
    assert page.locator(f'#events tr.selected[data-event="{event_id}"]').count() == 1
    assert page.input_value("#filters input[name=dyad]") == "AZE-TUR"


def test_filters_paging_and_history(page):
    page.goto(page.base + "/")
    _loaded(page)
    first_page = page.locator("#events tbody tr[data-event]").first.get_attribute("data-event")
    page.click("#next")
    page.wait_for_function(f"document.querySelector('#events tbody tr[data-event]').dataset.event !== '{first_page}'")
    assert "cursor" in _state(page)
    page.go_back()
    page.wait_for_function(f"document.querySelector('#events tbody tr[data-event]').dataset.event === '{first_page}'")
    page.select_option("#filters select[name=type]", "CONSULT")
    page.fill("#filters input[name=since]", "2024-01-01")
    page.click("#filters button[type=submit]")
    page.wait_for_function("new URLSearchParams(location.search).get('type') === 'CONSULT'")
    page.wait_for_load_state("networkidle")
    types = page.locator("#events tbody tr[data-event] td:nth-child(2)").all_inner_texts()
    assert types and all(t.startswith("CONSULT") for t in types)
    assert _state(page)["since"] == ["2024-01-01"]
    assert "type=CONSULT" in page.get_attribute("#download-csv", "href")
    page.select_option("#filters select[name=by]", "year")
    page.click("#filters button[type=submit]")
    page.wait_for_function("document.querySelector('#timeline h2 .sub').textContent.endsWith('by year')")
    assert page.locator("#timeline svg rect.bar").count() >= 1 and _state(page)["by"] == ["year"]
    page.select_option("#filters select[name=count]", "mentions")
    page.click("#filters button[type=submit]")
    page.wait_for_function("document.querySelector('#timeline h2 .sub').textContent.includes('counting mentions')")
    # The map is drawn from a request of its own (/api/places), which may answer after the timeline's.
    page.wait_for_function("document.querySelector('#map h2').textContent.includes('located mentions')")
    assert _state(page)["count"] == ["mentions"] and "located mentions" in page.inner_text("#map h2")


def test_a_bad_filter_in_the_url_shows_the_coded_message(page):
    page.allowed = ("status of 422",)
    page.goto(page.base + "/?since=2024-99-01")
    page.wait_for_function("document.getElementById('status').classList.contains('error')")
    text = page.inner_text("#status")
    assert "E404" in text and "since" in text and "YYYY-MM-DD" in text


def test_network_node_sets_the_actor_filter(page):
    page.goto(page.base + "/")
    _loaded(page)
    node = page.locator("#network svg .node").first
    code = node.locator("text").text_content()
    node.click()
    page.wait_for_function(f"new URLSearchParams(location.search).get('actor') === '{code}'")
    page.wait_for_load_state("networkidle")
    assert page.input_value("#filters input[name=actor]") == code


def test_map_place_sets_its_country_as_actor(page):
    page.goto(page.base + "/?dyad=AZE-TUR")
    _loaded(page)
    place = page.locator("#map svg circle.place").first
    country = place.locator("title").text_content().split("(")[1].split(")")[0]
    place.dispatch_event("click")
    page.wait_for_function(f"new URLSearchParams(location.search).get('actor') === '{country}'")
    page.wait_for_load_state("networkidle")
    assert page.input_value("#filters input[name=actor]") == country
