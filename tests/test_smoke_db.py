from models.core import Administration, Community


async def test_db_fixture_gives_an_empty_database(db) -> None:
    assert await Community.all().count() == 0
    admin = await Administration.create(name="X")
    await Community.create(administration=admin, name="C")
    assert await Community.filter(administration=admin).count() == 1
