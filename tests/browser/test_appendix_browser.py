"""What a reviewer sees: the appendix in headless Chromium with the network blocked."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.xdist_group("build"), pytest.mark.browser]


def _open(page, built_mini):
    page.goto((built_mini / "appendix.html").as_uri())
    page.wait_for_load_state("load")


def test_loads_offline_with_no_requests_and_no_axe_violations(offline_page, built_mini):
    _open(offline_page, built_mini)
    assert offline_page.blocked == []
    results = Axe().run(offline_page)
    assert results.violations_count == 0, results.generate_report()


def test_index_links_reach_every_card_and_return(offline_page, built_mini):
    page = offline_page
    _open(page, built_mini)
    links = page.locator("#kt-index a[href^='#kpi-']")
    count = links.count()
    assert count == 6
    for i in range(count):
        href = links.nth(i).get_attribute("href")
        links.nth(i).click()
        assert page.evaluate("location.hash") == href
        card = page.locator(href)
        assert card.is_visible()
        card.get_by_role("link", name="Return to index").click()
        assert page.evaluate("location.hash") == "#kt-index"


def test_keyboard_reaches_the_index_links(offline_page, built_mini):
    page = offline_page
    _open(page, built_mini)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the index of KPIs"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#kpi-library-users"


def test_hostile_commentary_runs_nothing(offline_page, built_mini):
    page = offline_page
    _open(page, built_mini)
    card = page.locator("#kpi-coroner-cases")
    card.scroll_into_view_if_needed()
    for link in card.locator("a").all():
        if link.get_attribute("href"):
            assert re.match(r"^(#|https?://|mailto:)", link.get_attribute("href"))
    card.get_by_text("styled").click()
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned === undefined")
    assert page.dialogs == []
    assert offline_page.blocked == []
    # The only pictures are the charts and the inline SVG icons kpitools draws itself.
    found = card.locator(
        "script, iframe, img:not(.chart), svg:not(.kt-spc-icon > svg), style, object, embed"
    )
    assert found.count() == 0


def test_no_code_is_visible(offline_page, built_mini):
    _open(offline_page, built_mini)
    text = offline_page.inner_text("body")
    assert "import kpitools" not in text
    assert not re.search(r"In \[\d*\]", text)
    assert "appendix.header()" not in text


def test_status_is_shown_by_text_and_shape_not_colour_alone(offline_page, built_mini):
    _open(offline_page, built_mini)
    badges = offline_page.locator(".kt-card .kt-card__status .kt-status")
    texts = [" ".join(b.inner_text().split()) for b in badges.all()]
    assert texts == ["◆ Amber", "★ Blue", "◆ Amber", "○ Contextual", "▲ Red", "○ Not rated"]
    # Shapes are hidden from screen readers, which read the status word instead.
    assert badges.first.locator(".kt-shape").get_attribute("aria-hidden") == "true"


def test_print_starts_each_card_on_a_new_page(offline_page, built_mini):
    page = offline_page
    _open(page, built_mini)
    page.emulate_media(media="print")
    breaks = page.evaluate(
        "[...document.querySelectorAll('.kt-card')].map(e => getComputedStyle(e).breakBefore)"
    )
    assert breaks == ["page"] * 6
    adjust = page.evaluate(
        "getComputedStyle(document.querySelector('.kt-status')).printColorAdjust"
    )
    assert adjust == "exact"
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= 7  # front matter plus one page at least per card
    # Nothing wider than the printable area: every image fits its card.
    overflow = page.evaluate(
        "[...document.querySelectorAll('.kt-card img, .kt-card table')]"
        ".filter(e => e.scrollWidth > e.parentElement.clientWidth + 1).length"
    )
    assert overflow == 0


def test_the_build_prints_tagged_pdfs_beside_the_html(built_mini):
    import subprocess

    for stem in ("appendix", "report"):
        info = subprocess.run(
            ["pdfinfo", str(built_mini / f"{stem}.pdf")], capture_output=True, text=True, check=True
        ).stdout
        assert re.search(r"^Tagged:\s+yes$", info, re.M)
        assert (built_mini / f"{stem}.pdf").stat().st_mode & 0o044 == 0o044
