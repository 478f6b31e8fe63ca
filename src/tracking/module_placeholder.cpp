// placeholder: module tracking
