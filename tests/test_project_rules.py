"""The project's own lint rules catch what they are meant to catch."""

import importlib.util
import sys
from pathlib import Path

import pytest

spec = importlib.util.spec_from_file_location(
    "check_project_rules", Path(__file__).resolve().parent.parent / "scripts" / "check_project_rules.py"
)
assert spec and spec.loader
rules_module = importlib.util.module_from_spec(spec)
# dataclasses look their module up in sys.modules while the module runs.
sys.modules[spec.name] = rules_module
spec.loader.exec_module(rules_module)


@pytest.mark.parametrize("rule", rules_module.RULES, ids=lambda rule: rule.name)
def test_each_rule_flags_its_bad_example_and_accepts_its_good_one(rule):
    assert rule.pattern.search(rule.bad)
    assert not rule.pattern.search(rule.good)


def test_json_data_blocks_and_external_scripts_are_allowed_inline_code_is_not():
    inline = next(rule for rule in rules_module.RULES if rule.name == "no-inline-script-or-style")
    assert not inline.pattern.search('<script type="application/json">{"a": 1}</script>')
    assert inline.pattern.search("<script>alert(1)</script>")
    assert inline.pattern.search('<p style="color: red">')


def test_the_tree_is_clean():
    assert rules_module.main() == 0
