"""Would a small learned backstop behind the danger rules raise first-sight recall without raising false
alarms? The experiment of session 23 (issue 14; not a test, nothing of it runs in the bot).

    pip install --target /tmp/sk scikit-learn==1.9.1      # not a project dependency
    PYTHONPATH=/tmp/sk .venv/bin/python bench/safety_backstop.py experiment > bench/results/safety-s23-backstop.txt

The model: the text the rules read (bot/safety/prepare.py: simplified, look-alikes masked, typos repaired
by sound), its character 1-3-grams present or not; a logistic regression danger / no danger for the
alarm, and a multinomial one over the danger kinds (danger lines only) for the kind and its number. Both
are kept as plain weights (a dict per gram), as a web worker would read them without numpy.

The experiment (chronological, so that every test set is one that neither the rules nor the model saw):
for each split, a snapshot of the code taken before the test sets were fitted (a detached worktree in
/tmp); that code prepares every labelled line and gives the rules' answer (`dump`, run there). The model
learns on the files the snapshot's tree holds (tests/data/safety*.jsonl and tests/data/*/safety*.jsonl;
never ../shared/eval, never /work/blind*); its C and its threshold are picked on those alone, by 5-fold
cross-validation grouped by file: the threshold is the lowest at which the rules OR the model raise at
most 1% false alarms on the training look-alikes. Reported on the test sets: the rules alone, the model
alone, the rules OR the model (and, not picked, other thresholds); the model's alarms on ordinary messages
of the same era (routing and conversation lines, where the rules are quiet); each line the backstop alone
decides, with its kind beside today's rules' kind.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# (N, snapshot, test sets, ordinary-message files of the same era). The snapshot is the code as it
# stood before the test sets were fitted: d71099c added 26 and 28 after their first sight (its parent
# 8fe82af); 41 was fitted in 92b0041 and 38 and 40 added in d661e01, both in session 22, whose first
# commit is the one after b1d7dd3 (the parent of d661e01, f7465b9, already holds the fit to 41).
SPLITS = [
    (26, "8fe82af", (26, 28), ("colleague-blind-26/routing-blind26.jsonl", "colleague-blind-26/conversations-blind26.jsonl",
                               "colleague-blind-31/conversations-blind31.jsonl")),
    (38, "b1d7dd3", (38, 40, 41), ("colleague-blind-39/routing-blind39.jsonl", "colleague-blind-36/conversations-blind36.jsonl",
                                   "colleague-blind-37/conversations-blind37.jsonl",
                                   "colleague-blind-42/conversations-blind42.jsonl")),
]
C_GRID = (0.3, 1.0, 3.0, 10.0)
GRAM_SIZES = (1, 2, 3)


def grams(text: str) -> set[str]:
    """Every run of 1 to 3 characters in `text` (the features, present or not)."""
    return {text[at:at + size] for size in GRAM_SIZES for at in range(len(text) - size + 1)}
TRAIN_FALSE_ALARMS = 0.01


def safety_files() -> list[Path]:
    data = ROOT / "tests" / "data"
    return sorted([*data.glob("safety*.jsonl"), *data.glob("*/safety*.jsonl")])


def lines_of(path: Path) -> list[tuple[str, bool]]:
    """(text, danger) of a labelled file: safety lines, routing lines, or a conversation's says."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if "steps" in row:
            found += [(s["say"], "safety" in str(s.get("action", ""))) for s in row["steps"] if isinstance(s.get("say"), str)]
        else:
            found.append((row["text"], row.get("intent") == "safety"))
    return found


def dump(out: str, files: list[str]) -> None:
    """Run in a snapshot's worktree: each line's prepared text and the rules' kind (or None)."""
    sys.path.insert(0, os.getcwd())
    from bot.safety.detect import detect, prepare
    from bot.safety.words import safety_words

    words = safety_words()
    with open(out, "w", encoding="utf-8") as sink:
        for name in files:
            for text, danger in lines_of(Path(name)):
                found = detect(text)
                sink.write(json.dumps({"file": str(Path(name).relative_to(ROOT)), "text": text, "danger": danger,
                                       "prepared": prepare(text, words), "rules": found.kind.id if found else None},
                                      ensure_ascii=False) + "\n")


def snapshot_rows(commit: str, files: list[Path]) -> list[dict]:
    """The lines of `files` as the code of `commit` prepares and reads them."""
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", commit], check=True,
                            capture_output=True, text=True).stdout.strip()
    tree = Path(f"/tmp/safety-backstop-{commit}")
    if not tree.exists():
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), commit], check=True,
                       capture_output=True)
    out = Path(f"/tmp/safety-backstop-{commit}-{zlib.crc32(' '.join(map(str, files)).encode()):08x}.jsonl")
    if not out.exists():
        subprocess.run([str(ROOT / ".venv" / "bin" / "python"), __file__, "dump", str(out), *map(str, files)],
                       cwd=tree, check=True, env={**os.environ, "PYTHONPATH": ""})
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def added_in(commit: str) -> set[str]:
    """The safety files (relative to the repository) that the history of `commit` holds."""
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-tree", "-r", "--name-only", commit, "tests/data"],
                            check=True, capture_output=True, text=True).stdout.split()
    return {name for name in listed if Path(name).name.startswith("safety") and name.endswith(".jsonl")}


def kind_labels(rows: list[dict], now: dict[str, str | None]) -> list[str]:
    """The kind of each danger line: the rules' (of the snapshot, else of today's code), else help."""
    return [r["rules"] or now.get(r["text"]) or "help" for r in rows]


def fit(texts: list[str], danger: list[bool], kinds: list[str], c: float, kind: bool = True) -> dict:
    """The two models, as plain weights: {"alarm": (bias, {gram: w}), "kind": (classes, biases, {gram: ws})}."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = CountVectorizer(analyzer=grams, binary=True, min_df=2)
    x = vec.fit_transform(texts)
    alarm = LogisticRegression(C=c, max_iter=5000).fit(x, danger)
    names = vec.get_feature_names_out()
    model: dict = {"alarm": {"bias": float(alarm.intercept_[0]),
                             "weights": {g: round(float(w), 4) for g, w in zip(names, alarm.coef_[0]) if abs(w) >= 5e-4}}}
    if not kind:
        return model
    chosen = [i for i, d in enumerate(danger) if d]
    kvec = CountVectorizer(analyzer=grams, binary=True, min_df=2)
    kx = kvec.fit_transform([texts[i] for i in chosen])
    namer = LogisticRegression(C=c, max_iter=5000).fit(kx, [kinds[i] for i in chosen])
    classes = [str(k) for k in namer.classes_]
    kweights = {}
    for j, gram in enumerate(kvec.get_feature_names_out()):
        pairs = [[i, round(float(namer.coef_[i, j]), 3)] for i in range(len(classes)) if abs(namer.coef_[i, j]) >= 0.02]
        if pairs:
            kweights[gram] = pairs
    model["kind"] = {"classes": classes, "biases": [round(float(b), 3) for b in namer.intercept_], "weights": kweights}
    return model


def score(model: dict, text: str) -> float:
    weights = model["alarm"]["weights"]
    z = model["alarm"]["bias"] + sum(weights.get(g, 0.0) for g in grams(text))
    return 1.0 / (1.0 + math.exp(-z))


def kind_of(model: dict, text: str) -> str:
    kind = model["kind"]
    scores = list(kind["biases"])
    for gram in grams(text):
        for at, weight in kind["weights"].get(gram, ()):
            scores[at] += weight
    return kind["classes"][max(range(len(scores)), key=scores.__getitem__)]


def cross_validated(rows: list[dict], kinds: list[str], grid: tuple[float, ...] = C_GRID) -> tuple[float, float, str]:
    """C and the threshold, picked on the training files alone (5 folds grouped by file)."""
    from sklearn.model_selection import GroupKFold

    texts = [r["prepared"] for r in rows]
    danger = [r["danger"] for r in rows]
    files = [r["file"] for r in rows]
    lines = []
    best: tuple[float, float, float] | None = None
    for c in grid:
        held = [0.0] * len(rows)
        for train, test in GroupKFold(5).split(texts, danger, files):
            model = fit([texts[i] for i in train], [danger[i] for i in train], [kinds[i] for i in train], c, kind=False)
            for i in test:
                held[i] = score(model, texts[i])
        negatives = [i for i, r in enumerate(rows) if not r["danger"]]
        allowed = TRAIN_FALSE_ALARMS * len(negatives)
        threshold = next(t for t in sorted({round(p, 4) for p in held} | {1.0})
                         if sum(rows[i]["rules"] is not None or held[i] >= t for i in negatives) <= allowed)
        positives = [i for i, r in enumerate(rows) if r["danger"]]
        recall = sum(held[i] >= threshold for i in positives) / len(positives)
        lines.append(f"  cv C={c}: threshold {threshold:.3f}, model recall {recall:.1%} at rules OR model "
                     f"false alarms {sum(rows[i]['rules'] is not None or held[i] >= threshold for i in negatives)}"
                     f"/{len(negatives)}")
        if best is None or recall > best[0]:
            best = (recall, c, threshold)
    assert best is not None
    return best[1], best[2], "\n".join(lines)


def figures(hits: list[bool], rows: list[dict]) -> str:
    pos = [h for h, r in zip(hits, rows) if r["danger"]]
    neg = [h for h, r in zip(hits, rows) if not r["danger"]]
    return (f"{sum(pos)}/{len(pos)} = {sum(pos) / max(len(pos), 1):.1%}, "
            f"{sum(neg)}/{len(neg)} = {sum(neg) / max(len(neg), 1):.1%}")


def experiment() -> None:
    files = safety_files()
    today = {r["text"]: r["rules"] for r in snapshot_rows("HEAD", files)}
    print(__doc__.split("\n\n")[0])
    print(f"(bench/safety_backstop.py experiment at {subprocess.run(['git', '-C', str(ROOT), 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip()})")
    for n, commit, tests, ordinary in SPLITS:
        rows = snapshot_rows(commit, files)
        known = added_in(commit)
        train = [r for r in rows if r["file"] in known]
        test = [r for r in rows if any(f"/colleague-blind-{s}/" in f"/{r['file']}" for s in tests)]
        assert not {r["file"] for r in train} & {r["file"] for r in test}
        print(f"\n== N = {n}: rules and prepare of {commit}; train {len({r['file'] for r in train})} files, "
              f"{len(train)} lines ({sum(r['danger'] for r in train)} danger); test sets {tests}, {len(test)} lines")
        kinds = kind_labels(train, today)
        c, threshold, cv = cross_validated(train, kinds)
        print(cv)
        model = fit([r["prepared"] for r in train], [r["danger"] for r in train], kinds, c)
        print(f"  chosen C={c}, threshold {threshold:.3f} ({len(model['alarm']['weights'])} alarm grams)")
        p = [score(model, r["prepared"]) for r in test]
        rules = [r["rules"] is not None for r in test]
        alone = [x >= threshold for x in p]
        either = [a or b for a, b in zip(rules, alone)]
        print("  recall, false alarms:   rules alone | model alone | rules OR model")
        for s in (*tests, None):
            idx = [i for i, r in enumerate(test) if s is None or f"colleague-blind-{s}/" in r["file"]]
            sub = [test[i] for i in idx]
            print(f"  {'set ' + str(s) if s else 'all':>8}: {figures([rules[i] for i in idx], sub)} | "
                  f"{figures([alone[i] for i in idx], sub)} | {figures([either[i] for i in idx], sub)}")
        for t in (0.5, 0.7, 0.9, 0.95):
            print(f"    (rules OR model at threshold {t}, not picked: {figures([a or x >= t for a, x in zip(rules, p)], test)})")
        others = [r for r in snapshot_rows(commit, [ROOT / "tests" / "data" / f for f in ordinary]) if not r["danger"]]
        loud = [r for r in others if r["rules"] is None and score(model, r["prepared"]) >= threshold]
        print(f"  ordinary messages of the same sets ({', '.join(ordinary)}): the backstop alone alarms on "
              f"{len(loud)}/{len(others)}" + "".join(f"\n    {r['text']}" for r in loud))
        right = 0
        for r, x in zip(test, p):
            if x >= threshold and r["rules"] is None:
                kind = kind_of(model, r["prepared"])
                right += r["danger"] and kind == today.get(r["text"])
                print(f"    backstop {'catch' if r['danger'] else 'FALSE'} {x:.2f} {kind} "
                      f"(rules today: {today.get(r['text'])}): {r['text']}")
        print(f"  the backstop's kind is today's rules' kind on {right} of its catches")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("dump")
    one.add_argument("out")
    one.add_argument("files", nargs="+")
    sub.add_parser("experiment")
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out, args.files)
    else:
        experiment()


if __name__ == "__main__":
    main()
