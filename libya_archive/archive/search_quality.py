"""Scoring search against a judged query set (tests/search_quality/*.json).

Each judged query names the articles (by file name) that must be found and those that must
not. A query judged a typo must find nothing and suggest the word given.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class QualityScore:
    queries: int = 0
    found: int = 0  # must-find articles found
    must_find: int = 0
    false_hits: int = 0  # must-not articles returned
    failures: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.must_find if self.must_find else 1.0


def load_judgements(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def score(judgements: list[dict], run_query: Callable[[str], set[str]]) -> QualityScore:
    """Score `run_query` (query → the file names it returns) against the judgements."""
    result = QualityScore()
    for judged in judgements:
        returned = run_query(judged["query"])
        missing = set(judged["must"]) - returned
        wrong = returned & set(judged["must_not"])
        result.queries += 1
        result.must_find += len(judged["must"])
        result.found += len(judged["must"]) - len(missing)
        result.false_hits += len(wrong)
        if missing or wrong:
            result.failures.append(f"{judged['query']!r} ({judged['covers']}): missing {sorted(missing)}, wrong {sorted(wrong)}")
    return result
