"""Colours people must read: the wheel's white digits on every segment (WCAG 1.4.3)."""

from __future__ import annotations

from app.wheel.rules import SEGMENT_COLOURS
from tests.support.axe import contrast_ratio


def test_contrast_ratio_follows_wcag() -> None:
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast_ratio("#f5a700", "rgb(255, 255, 255)"), 1) == 2.0  # the old focus ring and wheel orange


def test_white_digits_are_readable_on_every_wheel_segment() -> None:
    assert {
        colour: round(contrast_ratio(colour, "#ffffff"), 2)
        for colour in SEGMENT_COLOURS
        if contrast_ratio(colour, "#ffffff") < 4.5
    } == {}
