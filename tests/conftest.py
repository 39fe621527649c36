import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from libya_archive.archive.linking import forget_cached_gazetteer

SEED_ARTICLES = sorted(Path(settings.SEEDS_DIR).glob("*.txt"))


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_gazetteer_cache():
    """Each test builds its own actors and places; none may see another test's."""
    forget_cached_gazetteer()


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
