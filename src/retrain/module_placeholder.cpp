// placeholder: module retrain
