using FeatureScale.Cli;

return CliApp.Run(args);
