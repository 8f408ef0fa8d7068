"""Regenerate cn_holidays.tsv from the PyPI package chinesecalendar (MIT License).

    pip install chinesecalendar==1.11.0 && python nlp/resources/make_holidays.py

The package is not a dependency of yigai: the table it compiles (the State Council's yearly holiday
notices) is copied here once, so counting working days needs no import and no network.
"""

from pathlib import Path

from chinese_calendar import __version__
from chinese_calendar.constants import holidays, workdays

HEADER = f"""# Chinese public holidays and the weekend days worked in their place (调休), {min(holidays).year}-{max(holidays).year}, from the
# State Council's yearly notices as compiled by the PyPI package chinesecalendar {__version__} (MIT License,
# https://github.com/LKI/chinese-calendar). Used to count `N个工作日内` (nlp/extract/timenorm.py); years
# after the last one listed count Monday to Friday. Regenerate with nlp/resources/make_holidays.py.
# Format: date<TAB>off|work  (off: a holiday on a weekday or weekend; work: a weekend day that is a working day)
"""

if __name__ == "__main__":
    rows = sorted([(d, "off") for d in holidays] + [(d, "work") for d in workdays])
    out = Path(__file__).with_name("cn_holidays.tsv")
    out.write_text(HEADER + "".join(f"{d.isoformat()}\t{k}\n" for d, k in rows), encoding="utf-8")
    print(f"{len(rows)} days written to {out}")
