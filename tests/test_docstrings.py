"""The examples in the package's docstrings run and print what they say.

Docstring examples are documentation a researcher copies; this keeps them true. Each
module's examples run as doctests (ELLIPSIS and NORMALIZE_WHITESPACE on, as the examples
are written).
"""

from __future__ import annotations

import doctest
import importlib
import io
import pkgutil

import matplotlib
import pytest

import framing

matplotlib.use("Agg")

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(framing.__path__, "framing.")
    if m.name != "framing.__main__"
)

# Examples left to other tests, and why.
ELSEWHERE = {
    # analyses the whole sample corpus (over a minute); tests/test_analysis.py runs the
    # same call on the same corpus and checks far more of its result
    "framing.analysis.analyze": "tests/test_analysis.py",
}


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    out = io.StringIO()
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    tests = [t for t in doctest.DocTestFinder().find(module) if t.name not in ELSEWHERE]
    for t in tests:
        runner.run(t, out=out.write)
    assert runner.failures == 0, out.getvalue()


def test_the_package_has_examples_to_run():
    examples = {
        t.name
        for name in MODULES
        for t in doctest.DocTestFinder().find(importlib.import_module(name))
        if t.examples
    }
    assert {"framing.corpus.load_corpus", "framing._dates.parse_date"} <= examples
    assert set(ELSEWHERE) <= examples  # an entry here must name an existing example
