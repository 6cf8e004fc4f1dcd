"""Codebooks: the shipped YAML files and the validation of a researcher's own codebook."""

from __future__ import annotations

import pytest

from framing.codebook import BUILTIN_CODEBOOKS, Codebook, CodebookError, resolve_codebook

POLICY_KEYS = [
    "economic",
    "capacity_resources",
    "morality",
    "fairness_equality",
    "legality",
    "policy",
    "crime_punishment",
    "security_defense",
    "health_safety",
    "quality_of_life",
    "cultural_identity",
    "public_opinion",
    "political",
    "external_regulation",
    "other",
]

OWN_YAML = """\
name: housing
title: Housing debate frames
frames:
  - key: affordability
    name: Affordability
    code: 1
    definition: Whether people can pay for housing.
    examples: ["Rents rose 12 percent this year."]
    seed_terms: [rent, rents, affordable]
  - key: supply
    code: 2
    definition: How many homes are built or available.
    seed_terms: [construction, permits]
"""

OWN_TOML = """\
name = "housing"
title = "Housing debate frames"

[[frames]]
key = "affordability"
name = "Affordability"
code = 1
definition = "Whether people can pay for housing."
examples = ["Rents rose 12 percent this year."]
seed_terms = ["rent", "rents", "affordable"]

[[frames]]
key = "supply"
code = 2
definition = "How many homes are built or available."
seed_terms = ["construction", "permits"]
"""


def test_policy_frames_has_the_fifteen_dimensions_in_order():
    cb = Codebook.builtin("policy_frames")
    assert cb.keys == POLICY_KEYS
    for f in cb:
        assert len(f.definition) > 40, f.key
        assert f.examples, f.key
        if f.key != "other":
            assert len(f.seed_terms) >= 10, f.key
    assert cb["security_defense"].code == "8"


def test_generic_and_gvfc_codebooks():
    gen = Codebook.builtin("generic_frames")
    assert gen.keys == [
        "conflict",
        "human_interest",
        "economic_consequences",
        "morality",
        "responsibility",
    ]
    gv = Codebook.builtin("gvfc")
    assert [f.code for f in gv] == [str(i) for i in range(1, 10)]
    assert gv.key_for(3) == "politics" and gv.key_for("2") == "gun_control"
    assert gv.key_for(7.0) == "public_opinion"
    assert set(BUILTIN_CODEBOOKS) == {"policy_frames", "generic_frames", "gvfc"}


def test_yaml_and_toml_codebooks_load_the_same(tmp_path):
    y = tmp_path / "housing.yaml"
    t = tmp_path / "housing.toml"
    y.write_text(OWN_YAML)
    t.write_text(OWN_TOML)
    a, b = Codebook.load(y), Codebook.load(t)
    assert a == b
    assert a.keys == ["affordability", "supply"]
    assert a["supply"].name == "supply"  # name defaults to the key
    assert a.source == str(y)
    assert resolve_codebook(str(t)) == a


def test_round_trip_through_to_dict_and_save(tmp_path):
    cb = Codebook.builtin("policy_frames")
    assert Codebook.from_dict(cb.to_dict()) == cb
    p = cb.save(tmp_path / "copy.yaml")
    assert Codebook.load(p) == cb
    table = cb.table()
    assert list(table["key"]) == POLICY_KEYS
    assert (table["n_seed_terms"] > 0).sum() == 14


def _write(tmp_path, text, name="cb.yaml"):
    p = tmp_path / name
    p.write_text(text)
    return p


def test_unknown_top_level_key_names_file_and_key(tmp_path):
    p = _write(tmp_path, OWN_YAML + "colour: blue\n")
    with pytest.raises(CodebookError, match=r"cb\.yaml.*unknown key.*colour"):
        Codebook.load(p)


def test_unknown_frame_key_names_file_frame_and_key(tmp_path):
    p = _write(
        tmp_path,
        OWN_YAML.replace("    seed_terms: [rent", "    colour: red\n    seed_terms: [rent"),
    )
    with pytest.raises(
        CodebookError, match=r"cb\.yaml: frame 'affordability': unknown key.*colour"
    ):
        Codebook.load(p)


def test_duplicate_frame_is_an_error(tmp_path):
    p = _write(tmp_path, OWN_YAML.replace("key: supply", "key: affordability"))
    with pytest.raises(CodebookError, match=r"cb\.yaml: duplicate frame 'affordability'"):
        Codebook.load(p)


def test_duplicate_code_is_an_error(tmp_path):
    p = _write(tmp_path, OWN_YAML.replace("code: 2", "code: 1"), name="dup.yaml")
    with pytest.raises(CodebookError, match=r"dup\.yaml: frame 'supply': duplicate code '1'"):
        Codebook.load(p)


def test_empty_frames_are_errors(tmp_path):
    empty_def = OWN_YAML.replace(
        "definition: How many homes are built or available.", "definition: ''"
    )
    with pytest.raises(CodebookError, match=r"cb\.yaml: frame 'supply': empty frame"):
        Codebook.load(_write(tmp_path, empty_def))
    null_frame = OWN_YAML + "  -\n"
    with pytest.raises(CodebookError, match=r"cb\.yaml: frames\[2\]: empty frame"):
        Codebook.load(_write(tmp_path, null_frame))
    no_frames = "name: x\nframes: []\n"
    with pytest.raises(CodebookError, match=r"cb\.yaml: key 'frames' must be a non-empty list"):
        Codebook.load(_write(tmp_path, no_frames))


def test_bad_keys_and_types_are_errors(tmp_path):
    with pytest.raises(CodebookError, match="lower-case identifier"):
        Codebook.load(_write(tmp_path, OWN_YAML.replace("key: supply", "key: Supply Side")))
    with pytest.raises(CodebookError, match="'seed_terms' must be a list of strings"):
        Codebook.load(_write(tmp_path, OWN_YAML.replace("[construction, permits]", "{a: 1}")))
    with pytest.raises(CodebookError, match="key 'name' must be a non-empty string"):
        Codebook.from_dict({"frames": [{"key": "a", "definition": "x"}]}, source="mine")
    with pytest.raises(CodebookError, match="cannot parse"):
        Codebook.load(_write(tmp_path, "name: [unclosed\n"))
    with pytest.raises(CodebookError, match="unknown codebook format"):
        Codebook.load(_write(tmp_path, OWN_YAML, name="cb.txt"))
    with pytest.raises(FileNotFoundError):
        Codebook.load(tmp_path / "missing.yaml")
    with pytest.raises(ValueError, match="unknown built-in codebook"):
        Codebook.builtin("nope")
    with pytest.raises(CodebookError, match="is a directory"):
        Codebook.load(tmp_path)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(OWN_YAML.replace("Whether", "Qu\u00e9").encode("latin-1"))
    with pytest.raises(CodebookError, match=r"latin.yaml: not UTF-8 text .* save it as UTF-8"):
        Codebook.load(latin)


def test_seed_terms_as_one_string_are_split_on_commas(tmp_path):
    cb = Codebook.load(
        _write(tmp_path, OWN_YAML.replace("[construction, permits]", "construction, new permits"))
    )
    assert cb["supply"].seed_terms == ("construction", "new permits")


def test_parse_labels_accepts_keys_codes_and_names():
    cb = Codebook.builtin("policy_frames")
    assert cb.parse_labels("political;Economic; 8") == ["political", "economic", "security_defense"]
    assert cb.parse_labels(["policy", "policy"]) == ["policy"]
    assert cb.parse_labels("") == [] and cb.parse_labels(None) == []
    assert cb.parse_labels("Crime and punishment|legality") == ["crime_punishment", "legality"]
    assert cb.parse_labels("1.0, 13") == ["economic", "political"]  # codes read as floats
    with pytest.raises(KeyError, match="'weather'"):
        cb.parse_labels("political;weather")
    assert "economic" in cb and "weather" not in cb
    with pytest.raises(KeyError, match="no frame 'weather'"):
        cb["weather"]
