"""The 16 theme labels of spec/themes.md, in their fixed order (the model's column order)."""

from __future__ import annotations

LABELS: list[tuple[str, str]] = [
    ("yibao", "医保"),
    ("yigongti", "医共体/医联体"),
    ("fenji", "分级诊疗与基层"),
    ("yaopin", "药品耗材"),
    ("jiage", "医疗服务价格"),
    ("gongli", "公立医院改革"),
    ("renshi", "人事薪酬"),
    ("rencai", "人才队伍"),
    ("zhongyiyao", "中医药"),
    ("gongwei", "公共卫生"),
    ("xinxihua", "信息化"),
    ("jianguan", "综合监管"),
    ("shehui", "社会办医"),
    ("zhongdian", "重点人群与健康促进"),
    ("caizheng", "财政投入"),
    ("zuzhi", "组织保障"),
]

LABEL_IDS: list[str] = [k for k, _ in LABELS]
LABEL_NAMES: dict[str, str] = dict(LABELS)
