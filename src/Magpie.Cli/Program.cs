Console.WriteLine("magpie");
