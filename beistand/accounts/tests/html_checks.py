"""Checks on rendered pages: our shell, strict CSP, labelled inputs, headings in order."""

from __future__ import annotations

from html.parser import HTMLParser

FORM_CONTROLS = {"input", "select", "textarea"}
UNLABELLED_TYPES = {"hidden", "submit", "button", "image", "reset"}


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict] = []
        self.label_targets: set[str] = set()
        self.ids: set[str] = set()
        self.headings: list[int] = []
        self.inline_styles = 0
        self.inline_scripts = 0
        self.inline_handlers: list[str] = []
        self.body_class = ""
        self.buttons_open: list[dict] = []
        self.nameless_buttons = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if "style" in attributes or tag == "style":
            self.inline_styles += 1
        self.inline_handlers += [name for name in attributes if name.startswith("on")]
        self._tag(tag, attributes)

    def _tag(self, tag: str, attributes: dict[str, str]) -> None:
        if tag == "body":
            self.body_class = attributes.get("class", "")
        elif tag == "label" and "for" in attributes:
            self.label_targets.add(attributes["for"])
        elif tag in FORM_CONTROLS:
            self.controls.append({"tag": tag, **attributes})
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        elif tag == "script" and "src" not in attributes:
            # JSON data blocks are inert under the CSP; executable inline code is not allowed.
            if attributes.get("type") != "application/json":
                self.inline_scripts += 1
        elif tag == "button":
            self.buttons_open.append({"text": "", **attributes})

    def handle_data(self, data: str) -> None:
        for button in self.buttons_open:
            button["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "button" and self.buttons_open:
            button = self.buttons_open.pop()
            if not button["text"].strip() and not button.get("aria-label"):
                self.nameless_buttons += 1


def check_page(content: str) -> PageParser:
    """Assert the page sits in the workspace shell and meets the basic accessibility rules."""
    page = PageParser()
    page.feed(content)
    assert "workspace" in page.body_class.split(), "not rendered in the workspace shell"
    assert page.inline_styles == 0, "inline styles break the content security policy"
    assert page.inline_scripts == 0, "inline scripts break the content security policy"
    assert page.inline_handlers == [], page.inline_handlers
    assert page.headings.count(1) == 1, f"one h1 per page, got {page.headings}"
    assert page.headings[0] == 1, f"the first heading is the h1, got {page.headings}"
    for previous, current in zip(page.headings, page.headings[1:], strict=False):
        assert current <= previous + 1, f"heading levels skip: {page.headings}"
    assert page.nameless_buttons == 0, "every button needs a name"
    for control in page.controls:
        if control.get("type") in UNLABELLED_TYPES:
            continue
        assert control.get("id") in page.label_targets or control.get("aria-label"), (
            f"unlabelled form control {control}"
        )
        for described_by in control.get("aria-describedby", "").split():
            assert described_by in page.ids, f"aria-describedby points nowhere: {control}"
    return page
