using GeminiCapsule;

await CapsuleApp.Build(args).RunAsync();
