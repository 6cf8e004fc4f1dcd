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


GUN_YAML = """\
name: gunframes
frames:
  - key: regulation
    name: Regulation
    code: R
    definition: Gun rights and gun control laws.
  - key: politics
    name: Politics
    code: P
    definition: Politicians, parties, elections.
  - key: safety
    name: Safety and health
    code: S
    definition: School and public safety.
"""


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        # a code that is another frame's key or name would take that frame's labels
        (
            "code: R",
            "code: politics",
            r"frame 'regulation': code 'politics' is the key of frame 'politics'",
        ),
        (
            "code: R",
            "code: POLITICS",
            r"frame 'regulation': code 'POLITICS' is the key of frame 'politics'",
        ),
        (
            "code: S",
            "code: Regulation",
            r"frame 'safety': code 'Regulation' is the key of frame 'regulation'",
        ),
        (
            "code: R",
            "code: Safety and health",
            r"frame 'regulation': code 'Safety and health' is the name of frame 'safety'",
        ),
        ("code: S", "code: ''", r"frame 'safety': key 'code' must not be empty"),
        ("code: S", "code: '  '", r"frame 'safety': key 'code' must not be empty"),
        ("code: R", "code: ' R '", r"frame 'regulation': code ' R ' has leading or trailing"),
        ("code: S", "code: S;1", r"frame 'safety': code 'S;1' contains a label separator"),
        ("code: S", "code: 'S,1'", r"frame 'safety': code 'S,1' contains a label separator"),
        ("code: S", "code: S|1", r"frame 'safety': code 'S\|1' contains a label separator"),
    ],
)
def test_bad_codes_are_errors_naming_file_and_frames(tmp_path, old, new, match):
    p = _write(tmp_path, GUN_YAML.replace(old, new), name="gun.yaml")
    with pytest.raises(CodebookError, match=r"gun\.yaml: " + match):
        Codebook.load(p)


def test_codes_that_stay_valid(tmp_path):
    # a frame's own key or name as its code is not ambiguous; integer codes (GVFC) work
    own = GUN_YAML.replace("code: R", "code: regulation").replace(
        "code: S", "code: Safety and health"
    )
    cb = Codebook.load(_write(tmp_path, own))
    assert cb.parse_labels("regulation;Safety and health;P") == ["regulation", "safety", "politics"]
    ints = (
        GUN_YAML.replace("code: R", "code: 1")
        .replace("code: P", "code: 2")
        .replace("code: S", "code: 3")
    )
    cb = Codebook.load(_write(tmp_path, ints))
    assert [f.code for f in cb] == ["1", "2", "3"]
    assert cb.parse_labels("2; 1.0, 3") == ["politics", "regulation", "safety"]
    assert cb.key_for(3) == "safety"
    for name in BUILTIN_CODEBOOKS:
        Codebook.builtin(name)


def test_parse_labels_keeps_names_with_commas():
    cb = Codebook.builtin("policy_frames")
    name = cb["legality"].name
    assert "," in name
    assert cb.parse_labels(name) == ["legality"]
    assert cb.parse_labels(name.upper()) == ["legality"]
    assert cb.parse_labels(f"economic;{name}") == ["economic", "legality"]
    assert cb.parse_labels(f"{name}, economic") == ["legality", "economic"]
    assert cb.parse_labels(f"political, {name}|13") == ["political", "legality"]
    # comma-separated lists of keys, codes and names still work
    assert cb.parse_labels("economic, political") == ["economic", "political"]
    assert cb.parse_labels("Economic,Political,") == ["economic", "political"]
    with pytest.raises(KeyError, match=r"'constitutionality' \(in 'Legality, constitutionality'\)"):
        cb.parse_labels("Legality, constitutionality")
    with pytest.raises(KeyError, match="'weather'"):
        cb.parse_labels("economic, weather")


def test_pickled_codebook_keeps_only_the_file_name(tmp_path, monkeypatch):
    import copy
    import pickle

    (tmp_path / "sub").mkdir()
    p = _write(tmp_path / "sub", OWN_YAML, name="housing.yaml")
    monkeypatch.chdir(tmp_path)
    rel, ab = Codebook.load("sub/housing.yaml"), Codebook.load(p)
    assert rel.source == "sub/housing.yaml" and ab.source == str(p)  # full path in memory
    assert pickle.dumps(rel) == pickle.dumps(ab)
    back = pickle.loads(pickle.dumps(ab))
    assert back == ab and back.source == "housing.yaml"
    assert copy.deepcopy(ab).source == str(p)
    assert pickle.loads(pickle.dumps(Codebook.builtin("gvfc"))).source == "builtin:gvfc"
