import pytest

from transforms.entities import DEFAULT_CODE, Entity, describe, entity_id, member_key, parse_entities, report_id
from transforms.errors import SettingsError


def test_the_default_entity_keeps_single_entity_keys():
    assert entity_id(DEFAULT_CODE) == 0
    assert report_id(DEFAULT_CODE, 2017, 4) == 20174
    assert member_key(DEFAULT_CODE, "unit", "ESCUELA SAT") == member_key(DEFAULT_CODE, "unit", "ESCUELA SAT")


def test_two_entities_never_share_a_key():
    assert report_id("SAT", 2017, 4) != report_id("MML", 2017, 4) != 20174
    assert member_key("SAT", "unit", "GERENCIA DE ADMINISTRACION") != member_key("MML", "unit", "GERENCIA DE ADMINISTRACION")
    assert member_key("SAT", "unit", "X") != member_key(DEFAULT_CODE, "unit", "X")
    assert entity_id("SAT") > 0 and entity_id("SAT") != entity_id("MML")


def test_entities_csv_gives_names_sectors_and_ubigeos():
    text = "\ufeffcode,name,sector,ubigeo\nSAT,Servicio de Administración Tributaria de Lima,Municipal,150101\n\nMML,Municipalidad Metropolitana de Lima,,\n"
    listed = parse_entities(text, "entities.csv")
    assert listed["SAT"] == Entity("SAT", "Servicio de Administración Tributaria de Lima", "Municipal", "150101")
    assert listed["MML"] == Entity("MML", "Municipalidad Metropolitana de Lima")
    assert describe("GRC", listed) == Entity("GRC")  # not listed: known by its code alone


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,code\n", None),
        ("codigo,nombre\nSAT,x\n", "must name the columns code,name"),
        ("code,name\nSAT,x\nSAT,y\n", "entities.csv:3: entity 'SAT' is listed twice"),
        ("code,name\nS A T,x\n", "entities.csv:2: entity code 'S A T'"),
        ("code,name\nSAT,\n", "entities.csv:2: entity 'SAT' has no name"),
    ],
)
def test_a_bad_entities_csv_names_the_line(text, message):
    if message is None:
        assert parse_entities(text, "entities.csv") == {}
        return
    with pytest.raises(SettingsError, match=message):
        parse_entities(text, "entities.csv")
