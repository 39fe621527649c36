"""The gazetteer file (seeds/gazetteer.json): the actors and places editors start from.

Loading it creates the entities it lists that the database does not have yet, with all
their aliases; an entry's "linking" gives editors' marks of some of them (alias →
"always" or "with_evidence", see `Alias.linking`). An entity that exists already is left exactly as editors made it.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from libya_archive.archive import services
from libya_archive.archive.models import Actor, ActorAlias, Place, PlaceAlias


@dataclass(frozen=True)
class GazetteerLoad:
    actors_created: int
    places_created: int
    existing: int


class GazetteerFileError(ValueError):
    pass


def load_gazetteer_file(path: Path) -> GazetteerLoad:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = [(Actor, ActorAlias, "actor", entry) for entry in data["actors"]]
        entries += [(Place, PlaceAlias, "place", entry) for entry in data["places"]]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise GazetteerFileError(f"{path}: not a gazetteer file ({error})") from None

    created = {Actor: 0, Place: 0}
    existing = 0
    with transaction.atomic():
        for model, alias_model, field, entry in entries:
            if model.objects.filter(slug=entry["slug"]).exists():
                existing += 1
                continue
            fields = {key: entry[key] for key in ("latitude", "longitude") if model is Place and key in entry}
            entity = model.objects.create(
                slug=entry["slug"],
                name=entry["name"],
                name_en=entry.get("name_en", ""),
                kind=entry["kind"],
                description=entry.get("description", ""),
                **fields,
            )
            marks = entry.get("linking", {})
            for alias in dict.fromkeys(entry.get("aliases", [])):
                alias_model(name=alias, linking=marks.get(alias, alias_model.Linking.AUTO), **{field: entity}).save()
            created[model] += 1
    services.names_changed()
    return GazetteerLoad(created[Actor], created[Place], existing)
