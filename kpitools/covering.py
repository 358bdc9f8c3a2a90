def write_covering_report(*a, **k):
    pass
