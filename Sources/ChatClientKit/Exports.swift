@_exported import ChatModel
