"""Import spaCy without thinc loading TensorFlow and PyTorch.

thinc 8.1 (spaCy's machine-learning layer) imports TensorFlow and PyTorch whenever they are
installed, only to convert their arrays. The Rasa venv has TensorFlow, so a process that uses
spaCy's rule-based Matcher (the action server: ``bot.nlu.service_matcher``) would pay ~15 s
and ~350 MB for a library it never calls. When neither is loaded yet, they are hidden while
spaCy is imported, and visible again afterwards (a later ``import tensorflow`` works as usual).
In a process that has already loaded them (Rasa), spaCy is imported as it is.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

__all__ = ["import_spacy"]

_UNUSED_BY_THINC_HERE = ("tensorflow", "torch")


def import_spacy() -> ModuleType:
    """The spacy module, imported without TensorFlow and PyTorch if they are not loaded yet."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    hidden = [name for name in _UNUSED_BY_THINC_HERE if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` fail
    try:
        return importlib.import_module("spacy")
    finally:
        for name in hidden:
            if sys.modules.get(name) is None:
                del sys.modules[name]
