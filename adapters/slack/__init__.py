"""The Slack adapter: slack-bolt's AsyncApp in Socket Mode or HTTP mode.

Layout (each module owns one thing):

- `mrkdwn`    escaping quoted text, building links, reading Slack-formatted input
- `render`    Reply -> Block Kit messages within Slack's limits (pure)
- `dispatch`  text -> Command, Context building and admin resolution (in-process)
- `delivery`  sending rendered messages: response_url, chat.postMessage, the digest Poster
- `listeners` the bolt listeners: /attache, app mentions, direct messages, the More button
- `oauth`     multi-workspace installs on the store's own database
- `settings`  environment variables, and which are missing
- `runner`    `SlackRunner` for `attache serve --slack`: Socket Mode or HTTP server

Only this package imports slack_bolt / slack_sdk.
"""
