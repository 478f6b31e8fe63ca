// placeholder: module server
