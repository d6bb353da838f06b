using Guestbook;

await GuestbookApp.Build(args).RunAsync();
