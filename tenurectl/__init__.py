"""tenurectl: run a scenario through the services' public HTTP APIs, as the group ERP would, and report.

`tenurectl scenario run FILE` starts the services of deploy/services.py on fresh databases (or uses running
ones), drives contract, payroll and appraisal over HTTP and prints what they answered, in a scenario's expected
shape.
"""
