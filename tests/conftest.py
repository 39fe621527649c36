import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command

from libya_archive.archive.editions import forget_kept
from libya_archive.archive.linking import forget_cached_gazetteer

SEED_ARTICLES = sorted(Path(settings.SEEDS_DIR).glob("*.txt"))
PROJECT = Path(__file__).resolve().parent.parent


def database_url(name: str | None = None) -> str:
    """A URL for database `name` (default: the test database) on the server tests use,
    for a subprocess to connect to."""
    from django.db import connection

    config = connection.settings_dict
    name = name or config["NAME"]
    if config["HOST"].startswith("/"):
        return f"postgres://{config['USER']}@{quote(config['HOST'], safe='')}/{name}"
    return f"postgres://{config['USER']}@{config['HOST']}:{config['PORT'] or 5432}/{name}"


def manage(*args: str, env: dict | None = None, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    """Run manage.py in a subprocess (a separate process, as a user would)."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
        **kwargs,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_caches():
    """Each test builds its own actors and places; none may see another test's."""
    forget_cached_gazetteer()
    forget_kept()
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def gazetteer(db):
    """The seed gazetteer, loaded as `make run` loads it."""
    call_command("load_gazetteer", verbosity=0)


@pytest.fixture
def seed_archive(gazetteer, tmp_path):
    """The five seed articles imported, linked to the seed gazetteer."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for path in SEED_ARTICLES:
        shutil.copy(path, folder / path.name)
    call_command("import_articles", str(folder), verbosity=0)
    return folder


@pytest.fixture
def named_archive(db):
    """Two articles naming Haftar, ISIS and Sirte, and one about the weather."""
    from tests.factories import make_actor, make_article, make_place

    haftar = make_actor("خليفة حفتر", "حفتر", "Haftar", slug="khalifa-haftar")
    isis = make_actor("داعش", "الدولة الإسلامية", "ISIS", slug="isis")
    make_place("سرت", "Sirte", slug="sirte")
    make_article("قوات حفتر تتقدم نحو سرت.", title="تقدم")
    make_article("مقاتلو داعش في سرت.", title="مقاتلون")
    make_article("لا أسماء هنا، مجرد نص عن الطقس.", title="الطقس")
    return haftar, isis


LIBYAN_TOWNS = ["طرابلس", "بنغازي", "سرت", "مصراتة", "درنة", "سبها", "طبرق", "زوارة", "غريان", "زليتن", "ترهونة", "اجدابيا", "شحات", "المرج", "غدامس"]


@pytest.fixture
def fifteen_towns(db) -> list[str]:
    """Fifteen towns, all named by one article about oil: more than a facet shows at first."""
    from tests.factories import make_article, make_place

    for number, town in enumerate(LIBYAN_TOWNS):
        make_place(town, slug=f"town-{number}")
    make_article("النفط يمر عبر " + " و".join(LIBYAN_TOWNS) + ".", title="طرق النفط")
    return LIBYAN_TOWNS
