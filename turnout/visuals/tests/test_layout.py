from turnout.visuals.layout import fit_text, metrics


def test_short_text_stays_at_the_largest_size_on_one_line():
    block = fit_text("Votez", family="inter", weight=700, width=800, height=300,
                     max_size=100, min_size=40)  # fmt: skip
    assert block.lines == ["Votez"] and block.size == 100 and block.fits


def test_long_text_wraps_then_shrinks_and_every_line_fits_the_width():
    text = "Am Sonntag gehen wir alle gemeinsam zur Wahl, für eine lebendige Demokratie"
    block = fit_text(text, family="montserrat", weight=700, width=600, height=260,
                     max_size=100, min_size=30)  # fmt: skip
    assert block.fits
    assert 30 <= block.size < 100
    assert len(block.lines) > 1
    m = metrics("montserrat", 700)
    assert all(m.width(line, block.size) <= 600 for line in block.lines)
    assert " ".join(block.lines) == text


def test_text_too_long_even_at_the_smallest_size_is_cut_and_flagged():
    block = fit_text("mot " * 200, family="inter", weight=400, width=300, height=60,
                     max_size=40, min_size=20)  # fmt: skip
    assert not block.fits
    assert block.size == 20
    assert block.lines[-1].endswith("…")


def test_no_break_space_keeps_the_exclamation_mark_with_its_word():
    block = fit_text("Dimanche, tous aux urnes\u202f!", family="inter", weight=700, width=700,
                     height=600, max_size=124, min_size=124)  # fmt: skip
    assert not any(line.strip() == "!" for line in block.lines)
    assert block.lines[-1].endswith("urnes\u00a0!")
