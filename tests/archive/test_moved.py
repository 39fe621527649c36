from tests.factories import make_actor


def test_an_old_slug_two_records_held_in_turn_leads_to_the_newest_not_a_500(client, db):
    first = make_actor("خليفة حفتر", slug="haftar")
    first.former_slugs = ["marshal"]
    first.save()
    second = make_actor("حفتر", slug="haftar-2")
    second.former_slugs = ["marshal"]
    second.save()
    response = client.get("/actors/marshal/mentions/", {"after": "x"})
    assert (response.status_code, response["Location"]) == (301, "/actors/haftar-2/mentions/?after=x")
    assert client.get("/actors/never-was/").status_code == 404
