"""`flask route`: the contract's JSON-lines interface and the --eval / --check reports."""
from __future__ import annotations

import json
from pathlib import Path


def test_route_reads_json_lines_and_writes_one_json_line_each(runner):
    lines = "\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in ["低包咋办", "明天下雨不", "你好"])
    result = runner.invoke(args=["route"], input=lines + "\n\n")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert rows == [
        {"text": "低包咋办", "intent": "guide", "guide": "dibao"},
        {"text": "明天下雨不", "intent": "unknown", "guide": None},
        {"text": "你好", "intent": "menu", "guide": None},
    ]
    assert "低包咋办" in result.output  # ensure_ascii=False: Chinese stays readable


def test_route_explain_adds_score_and_candidates(runner):
    result = runner.invoke(args=["route", "--explain"], input='{"text": "低保和残疾补贴一块办行不行"}\n')
    row = json.loads(result.output)
    assert row["ambiguous"] is True and len(row["candidates"]) >= 2 and 0 < row["score"] <= 1


def test_route_eval_prints_accuracy_and_errors(runner, tmp_path: Path):
    labelled = tmp_path / "mini.jsonl"
    labelled.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"text": "低保咋申请", "intent": "guide", "guide": "dibao"},
        {"text": "宅基地跟邻居闹矛盾", "intent": "mediation"},
        {"text": "俺是低保户住院还能再报点吗", "intent": "guide", "guide": ["medical-assistance", "medical-reimbursement"]},
        {"text": "低保咋申请", "intent": "guide", "guide": "homestead"},  # deliberately mislabelled
    ]), encoding="utf-8")
    result = runner.invoke(args=["route", "--eval", str(labelled)])
    assert result.exit_code == 0, result.output
    assert "intent accuracy:        4/4 = 100.0%" in result.output
    assert "intent+guide accuracy:  3/4 = 75.0%" in result.output
    assert "guide/homestead → guide/dibao: 1" in result.output
    failing = runner.invoke(args=["route", "--eval", str(labelled), "--fail-under", "0.9"])
    assert failing.exit_code == 1


def test_route_check_validates_the_lexicon(runner):
    result = runner.invoke(args=["route", "--check"])
    assert result.exit_code == 0, result.output
    assert "lexicon ok" in result.output
