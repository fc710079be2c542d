"""Open Referral HSDS 3.0: the tabular data package (export and import) and the JSON of the open API.

The schemas are shipped in data/hsds-3.0/ (CC BY-SA 4.0, Open Referral; see data/README.md).
"""
