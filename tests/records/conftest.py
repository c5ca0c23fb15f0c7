"""The three services side by side (tests/payroll/conftest.py), the contract service asking the others in process."""

from tests.payroll.conftest import services3  # noqa: F401  (the fixture)
