"""What the appraisal and payroll services know of the contract side, learned only from its messages.

The contract service's events are the published language both consumers read; keeping the tables,
the learning and the look-ups here means each is written once.
"""
