import json

from app.settings import EngineChoice, Language, Settings


def test_defaults_when_no_file(tmp_path):
    settings = Settings(tmp_path / "settings.json")
    assert settings.get("remember_password") is False
    assert settings.get("engine") is EngineChoice.AUTO
    assert settings.get("language") is Language.ENGLISH
    assert settings.get("stale_timeout_s") == 3.0
    assert not (tmp_path / "settings.json").exists()


def test_every_option_has_a_description_and_a_default_of_its_type():
    for option in Settings.schema():
        assert option.description.strip()
        assert option.coerce(option.dump(option.default)) == option.default


def test_round_trip_through_json(tmp_path):
    path = tmp_path / "settings.json"
    settings = Settings(path)
    settings.set("server_url", "http://10.0.0.5:8080")
    settings.set("language", Language.INDONESIAN)
    settings.set("stale_timeout_s", 5)
    settings.set("last_wall", {"layout": "3x3", "tiles": {"0": "cam001"}})
    on_disk = json.loads(path.read_text())
    assert on_disk["language"] == "id"
    again = Settings(path)
    assert again.get("server_url") == "http://10.0.0.5:8080"
    assert again.get("language") is Language.INDONESIAN
    assert again.get("stale_timeout_s") == 5.0
    assert again.get("last_wall") == {"layout": "3x3", "tiles": {"0": "cam001"}}


def test_wrong_types_and_broken_files_fall_back_to_defaults(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"remember_password": "yes", "engine": "quantum",
                                "stale_timeout_s": True, "username": "budi"}))
    settings = Settings(path)
    assert settings.get("remember_password") is False
    assert settings.get("engine") is EngineChoice.AUTO
    assert settings.get("stale_timeout_s") == 3.0
    assert settings.get("username") == "budi"
    path.write_text("{not json")
    assert Settings(path).get("username") == ""


def test_env_override_decides_the_location(tmp_path, monkeypatch):
    monkeypatch.setenv("PANTAU_CONFIG_DIR", str(tmp_path / "cfg"))
    settings = Settings()
    settings.set("username", "siti")
    assert (tmp_path / "cfg" / "settings.json").exists()
