# smelt: ignore-file
print("ignored")
