# Never returns from import.
while True:
    pass
