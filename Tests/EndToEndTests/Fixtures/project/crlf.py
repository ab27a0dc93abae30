import os
print("crlf")
