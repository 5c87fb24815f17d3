from datetime import date

from wenming.welfare.models import MealPoint


def meal_points(region, count: int, *, prefix: str = "助餐点", status="operating", opened_on=None):
    return MealPoint.objects.bulk_create(
        MealPoint(
            name=f"{prefix}{i}",
            region=region,
            status=status,
            opened_on=opened_on or date(2025, 1, 1),
            capacity=40,
        )
        for i in range(count)
    )
