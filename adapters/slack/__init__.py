"""The Slack adapter: slack-bolt's AsyncApp in Socket Mode or HTTP mode.

Layout (each module owns one thing):

- `mrkdwn`    escaping quoted text, building links, reading Slack-formatted input
- `render`    Reply -> Block Kit messages within Slack's limits (pure)
- `dispatch`  text -> Command, Context building and admin resolution (in-process)
- `delivery`  sending rendered messages: response_url, chat.postMessage, the digest Poster
- `addressing` text without the bot's mentions and a leading greeting ("hey @Attaché, …")
- `listeners` the bolt listeners: the slash command, app mentions, direct messages, the More
              button, App Home, app_uninstalled / tokens_revoked
- `more`      where the statements behind a More click go (in place, or to the clicker)
- `home`      the App Home view (pure)
- `workspaces` a workspace's digest schedules and latest digest; switching them off
- `oauth`     multi-workspace installs on the store's own database
- `settings`  environment variables, and which are missing
- `runner`    `SlackRunner` for `attache serve --slack`: Socket Mode or HTTP server

Only this package imports slack_bolt / slack_sdk.
"""
