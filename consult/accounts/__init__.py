"""Accounts without e-mail: login names and phones, activation codes and slips, password
changes, roles assigned in the app, and the federation's office bringing enterprises in."""
