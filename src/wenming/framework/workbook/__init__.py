"""The framework as government tables have it: reading and writing the xlsx.

One row per leaf; the hierarchy columns (一级/二级/三级指标 or 测评项目) name its ancestors,
usually as merged cells spanning rows; a blank ancestor cell means "same as the row above".
A hierarchy cell may carry its code and points: "1.2 公共秩序（8分）". When several rows
share the same deepest indicator, each row is one of its items and is named after its 测评内容.
Units are free text matched by full or short name; collective names (各区人民政府, 各街道办事处…)
expand to every unit of that kind. Every problem is collected with sheet, row and column.

Reading returns plain :class:`IndicatorSpec` trees; writing takes the same trees, so an export
imports back to the same framework.
"""

from wenming.framework.workbook.reading import read_framework
from wenming.framework.workbook.spec import IndicatorSpec, ReadFramework, content_name
from wenming.framework.workbook.units import UnitResolver, split_names
from wenming.framework.workbook.writing import write_framework

__all__ = [
    "IndicatorSpec",
    "ReadFramework",
    "UnitResolver",
    "content_name",
    "read_framework",
    "split_names",
    "write_framework",
]
