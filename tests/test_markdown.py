"""Verdict explanations are Markdown written by the desk; what reaches readers must be inert."""

import pytest

from claims.markdown import render_markdown


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        '<img src="x" onerror="alert(1)">',
        '<a href="#" onclick="alert(1)">click</a>',
        '<p onmouseover="alert(1)">hover</p>',
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](javascript&colon;alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "![x](javascript:alert(1))",
        '<iframe src="https://evil.example"></iframe>',
        "<style>body{display:none}</style>",
        '<svg onload="alert(1)"></svg>',
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    ],
)
def test_hostile_markdown_renders_inert(source):
    html = str(render_markdown(source)).lower()
    for danger in (
        "<script",
        "onerror",
        "onclick",
        "onmouseover",
        "onload",
        "javascript:",
        "<iframe",
        "<style",
        "data:",
    ):
        assert danger not in html


def test_ordinary_markdown_keeps_its_formatting():
    html = str(render_markdown("## What we found\n\n**Bold** and [a source](https://stats.example.org/x)."))
    assert "<h2>What we found</h2>" in html and "<strong>Bold</strong>" in html
    assert '<a href="https://stats.example.org/x" rel="nofollow noopener noreferrer">a source</a>' in html


def test_empty_text_renders_nothing():
    assert str(render_markdown("")) == ""
    assert str(render_markdown(None)) == ""
