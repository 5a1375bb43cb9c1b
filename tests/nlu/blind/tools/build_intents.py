import sys, re, itertools, yaml
sys.path.insert(0, '/work/blind-set/tools')
from intents_data import DEV, TEST

ORDER = ["faq_cost","faq_duration","faq_eligibility","faq_where","faq_apply",
 "faq_what_is","faq_support_content","faq_online","faq_family","faq_vs_transition",
 "faq_documents","faq_renewal","faq_after_end","faq_job_coach","faq_closed_employment",
 "faq_no_techo","faq_nanbyo","faq_return_to_work","greet","goodbye","thank",
 "bot_challenge","help","out_of_scope"]

def lines(s):
    return [l.strip() for l in s.strip().splitlines() if l.strip()]

def norm(s):
    return re.sub(r'[\s、。！？!?・…ー〜~,.　「」（）()]', '', s).lower()

def write(d, path):
    out = ['version: "3.1"', 'nlu:']
    for it in ORDER:
        out.append(f'- intent: {it}')
        out.append('  examples: |')
        for m in lines(d[it]):
            out.append(f'    - {m}')
    open(path, 'w').write('\n'.join(out) + '\n')

if __name__ == '__main__':
    write(DEV, '/work/blind-set/intents_dev.yml')
    write(TEST, '/work/blind-set/intents_test.yml')
