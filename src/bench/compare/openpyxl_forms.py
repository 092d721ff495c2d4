"""The batch done the way an analyst would script it: every workbook opened with openpyxl,
the form's fields found by their labels, its indicator table read under its header, and
the result written as forms.json and a summary workbook (汇总, 指标明细).

`zipingbiao bench --compare` runs it beside the tool on the same workbooks:
    python3 openpyxl_forms.py INPUT_FOLDER OUTPUT_FOLDER
It checks nothing, re-scores nothing and keeps no cell references: less work than the tool.
"""
import json
import os
import sys

import openpyxl

FIELDS = {"项目名称": "project", "主管部门": "department", "实施单位": "unit", "总分": "total"}
COLUMNS = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "level3",
    "年度指标值": "target",
    "实际完成值": "actual",
    "分值": "weight",
    "得分": "score",
}


def text(v):
    return "" if v is None else str(v).strip()


def read_form(path):
    wb = openpyxl.load_workbook(path, data_only=True)
    ws = wb.worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    form = {"file": path, "indicators": []}
    header = None
    for i, row in enumerate(rows):
        cells = [text(v) for v in row]
        for k, c in enumerate(cells):
            key = FIELDS.get(c)
            if key and key not in form:
                rest = [x for x in cells[k + 1:] if x]
                if rest:
                    form[key] = rest[0]
        if header is None and "三级指标" in cells:
            header = {COLUMNS[c]: k for k, c in enumerate(cells) if c in COLUMNS}
            start = i + 1
    if header is not None:
        last = {"level1": "", "level2": ""}
        for row in rows[start:]:
            cells = [text(v) for v in row]
            if any(c in ("总分", "合计") for c in cells):
                break
            item = {key: cells[k] if k < len(cells) else "" for key, k in header.items()}
            for key in ("level1", "level2"):
                item[key] = item.get(key) or last[key]
                last[key] = item[key]
            if item.get("level3"):
                form["indicators"].append(item)
    return form


def main(folder, out):
    forms = []
    for root, _, files in os.walk(folder):
        for name in sorted(files):
            if name.endswith(".xlsx"):
                try:
                    forms.append(read_form(os.path.join(root, name)))
                except Exception:  # a damaged or encrypted file: skipped, as a script would
                    pass
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "forms.json"), "w", encoding="utf-8") as f:
        json.dump(forms, f, ensure_ascii=False, indent=2)
    wb = openpyxl.Workbook()
    summary = wb.active
    summary.title = "汇总"
    summary.append(["来源", "主管部门", "实施单位", "项目名称", "自评总分", "指标数"])
    detail = wb.create_sheet("指标明细")
    detail.append(["项目名称"] + list(COLUMNS))
    for form in forms:
        summary.append([form["file"], form.get("department"), form.get("unit"),
                        form.get("project"), form.get("total"), len(form["indicators"])])
        for item in form["indicators"]:
            detail.append([form.get("project")] + [item.get(v) for v in COLUMNS.values()])
    wb.save(os.path.join(out, "summary.xlsx"))
    print(len(forms))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
