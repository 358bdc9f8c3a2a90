"""Collect the tags and attributes of an HTML page, for tests that look for anything active."""

from html.parser import HTMLParser


class TagCollector(HTMLParser):
    """Every start tag and every (tag, attribute, value) of a page."""

    def __init__(self, html: str = ""):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        if html:
            self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, k, v or "") for k, v in attrs]
