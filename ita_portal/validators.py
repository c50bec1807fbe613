"""Validators shared by every app, with their messages in Thai."""

from decimal import Decimal

from django.core.validators import MinValueValidator

non_negative = MinValueValidator(Decimal("0"), message="ต้องไม่ติดลบ (ค่าที่ป้อนคือ %(show_value)s)")
