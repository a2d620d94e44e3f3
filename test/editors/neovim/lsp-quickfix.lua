-- Drives Neovim 0.7's built-in LSP client against the idempotency language server:
--   nvim --headless -n -i NONE -u lsp-quickfix.lua
-- Environment: IDEM_FILE (the consumer file to open), IDEM_ROOT (workspace root), IDEM_SERVER (the
-- server's entry point, started as `node IDEM_SERVER --stdio`), IDEM_LINE (1-based line where the
-- rule reports), IDEM_CODE (the diagnostic code expected there), IDEM_TIMEOUT_MS.
-- Prints one line `IDEM_RESULT <json>` on stdout; exits with `qall!` on success and `cquit 1` on failure
-- (the JSON then says which step failed and why).

local function env(name, default)
  local value = os.getenv(name)
  if value == nil or value == '' then
    if default ~= nil then
      return default
    end
    error(name .. ' is not set')
  end
  return value
end

local file, root, server, line0, expected_code, timeout
local started = vim.loop.hrtime()
local result = { nvim = tostring(vim.version().major .. '.' .. vim.version().minor .. '.' .. vim.version().patch), steps = {}, messages = {} }

local function elapsed_ms()
  return math.floor((vim.loop.hrtime() - started) / 1e6)
end

local function step(name, data)
  table.insert(result.steps, { name = name, ms = elapsed_ms(), data = data })
end

local function finish(ok, err)
  result.ok = ok
  result.error = err
  result.ms = elapsed_ms()
  io.stdout:write('IDEM_RESULT ' .. vim.fn.json_encode(result) .. '\n')
  io.stdout:flush()
  if ok then
    vim.cmd('qall!')
  else
    vim.cmd('cquit 1')
  end
end

local function matches_code(code)
  return code ~= nil and code ~= vim.NIL and tostring(code):find(expected_code, 1, true) ~= nil
end

local function main()
  file = env('IDEM_FILE')
  root = env('IDEM_ROOT')
  server = env('IDEM_SERVER')
  line0 = tonumber(env('IDEM_LINE')) - 1
  expected_code = env('IDEM_CODE')
  timeout = tonumber(env('IDEM_TIMEOUT_MS', '20000'))
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  -- Filetype detection is switched on only after this init script: set it, it is the LSP languageId.
  local ext = file:match('%.([%w]+)$')
  local filetypes = { ts = 'typescript', tsx = 'typescriptreact', js = 'javascript', jsx = 'javascriptreact', mjs = 'javascript', cjs = 'javascript' }
  vim.bo[bufnr].filetype = filetypes[ext] or 'typescript'

  local raw = {}
  local client_id = vim.lsp.start_client({
    name = 'idempotency',
    cmd = { 'node', server, '--stdio' },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = 'workspace' } },
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
        table.insert(raw, { ms = elapsed_ms(), uri = params.uri, version = params.version, diagnostics = params.diagnostics })
        return vim.lsp.diagnostic.on_publish_diagnostics(err, params, ctx, config)
      end,
      ['window/showMessage'] = function(_, params)
        table.insert(result.messages, { kind = 'showMessage', type = params.type, message = params.message })
      end,
      ['window/logMessage'] = function(_, params)
        table.insert(result.messages, { kind = 'logMessage', type = params.type, message = params.message })
      end,
    },
    on_exit = function(code, signal)
      result.server_exit = { code = code, signal = signal }
    end,
  })
  if not client_id then
    return finish(false, 'vim.lsp.start_client returned nil')
  end
  vim.lsp.buf_attach_client(bufnr, client_id)
  step('attached', { client_id = client_id })

  -- 1. Diagnostics.
  local function ours()
    local found = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      local code = d.code
      if code == nil and d.user_data and d.user_data.lsp then
        code = d.user_data.lsp.code
      end
      table.insert(found, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, severity = d.severity, message = d.message, source = d.source, code = code })
    end
    return found
  end
  local got = vim.wait(timeout, function()
    for _, d in ipairs(ours()) do
      if matches_code(d.code) and d.lnum == line0 then
        return true
      end
    end
    return false
  end, 20)
  result.diagnostics = ours()
  result.published = raw
  local client = vim.lsp.get_client_by_id(client_id)
  if client then
    local caps = client.server_capabilities or {}
    result.server_capabilities = { codeActionProvider = caps.codeActionProvider, textDocumentSync = caps.textDocumentSync, executeCommandProvider = caps.executeCommandProvider }
    result.offset_encoding = client.offset_encoding
  end
  if not got then
    return finish(false, 'no diagnostic with code ' .. expected_code .. ' on line ' .. (line0 + 1) .. ' within ' .. timeout .. ' ms')
  end
  step('diagnostics', { count = #result.diagnostics })

  -- 2. Code actions for the diagnostic's line, with the line's diagnostics as context (what
  --    vim.lsp.buf.code_action() sends).
  local line_diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, line0)
  local target
  for _, d in ipairs(line_diagnostics) do
    if matches_code(d.code) then
      target = d
    end
  end
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = target and target.range or { start = { line = line0, character = 0 }, ['end'] = { line = line0, character = 0 } },
    context = { diagnostics = line_diagnostics },
  }
  local responses, request_err = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, timeout)
  if not responses then
    return finish(false, 'textDocument/codeAction failed: ' .. tostring(request_err))
  end
  local actions = {}
  for _, response in pairs(responses) do
    if response.error then
      return finish(false, 'textDocument/codeAction error: ' .. vim.inspect(response.error))
    end
    for _, action in ipairs(response.result or {}) do
      table.insert(actions, action)
    end
  end
  result.actions = {}
  for _, action in ipairs(actions) do
    table.insert(result.actions, { title = action.title, kind = action.kind, isPreferred = action.isPreferred, has_edit = action.edit ~= nil, command = action.command and (action.command.command or action.command) or nil })
  end
  step('codeActions', { count = #actions })

  -- 3. The first quick fix that edits the code (not "Disable … for this line").
  local chosen
  for _, action in ipairs(actions) do
    local kind = action.kind or ''
    if (kind == 'quickfix' or kind:sub(1, 9) == 'quickfix.') and action.edit and not action.title:match('^Disable ') then
      chosen = action
      break
    end
  end
  if not chosen then
    return finish(false, 'no quick fix with an edit among ' .. #actions .. ' code actions')
  end
  result.applied = chosen.title
  local client_for_edit = vim.lsp.get_client_by_id(client_id)
  vim.lsp.util.apply_workspace_edit(chosen.edit, client_for_edit and client_for_edit.offset_encoding or 'utf-16')
  vim.api.nvim_buf_call(bufnr, function()
    vim.cmd('silent write')
  end)
  step('applied', { title = chosen.title })

  -- 4. The server re-lints the changed buffer: the fixed line no longer reports the rule.
  local cleared = vim.wait(timeout, function()
    for _, d in ipairs(ours()) do
      if matches_code(d.code) then
        return false
      end
    end
    return true
  end, 20)
  result.diagnostics_after = ours()
  step('relinted', { cleared = cleared })

  return finish(true, nil)
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  finish(false, 'lua error: ' .. tostring(err))
end
